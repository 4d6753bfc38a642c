package io.llmrouter.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition that another process or the network makes true (a second router learning news over Redis,
 * a process answering its probe, a socket the server closes): there is no clock to script there, so the condition is
 * checked every 10 ms until it holds. The patience only detects a hang; a passing test waits no longer than the
 * condition takes.
 */
public final class Eventually {

    private static final long CHECK_MILLIS = 10;

    private Eventually() {
    }

    /** Returns once {@code condition} holds; fails with {@code failure}'s text when it has not within {@code patience}. */
    public static void await(Duration patience, BooleanSupplier condition, Supplier<String> failure) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get() + " (waited " + patience + ")");
            }
            try {
                Thread.sleep(CHECK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + failure.get(), e);
            }
        }
    }
}
