package io.llmrouter.core.testing;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Waits for a producer held back by back-pressure to stop producing. A stall is progress that does not happen, so it
 * can only be seen over a quiet period of real time: the producer is a real upstream writing into real sockets.
 */
public final class Stalls {

    private static final long QUIET_MILLIS = 500;
    private static final int MAX_CHECKS = 60;

    private Stalls() {
    }

    /** Waits until {@code count} stops growing for half a second (30 s at most); returns where it stopped. */
    public static long awaitStall(AtomicLong count) throws InterruptedException {
        long last = -1;
        for (int i = 0; i < MAX_CHECKS; i++) {
            long now = count.get();
            if (now == last) {
                return now;
            }
            last = now;
            Thread.sleep(QUIET_MILLIS);
        }
        throw new AssertionError("never stalled: " + last);
    }
}
