package io.llmrouter.core.routing;

import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Where the CPU-heavy work on a large body runs: parsing and decoding a client's request, encoding it for an
 * upstream, decoding and re-encoding the upstream's answer. On an event loop, a 10 MB body takes a second or more of
 * it, during which every other call on that loop waits; an offload moves such work to another thread and brings the
 * result back to the caller's, while small bodies, most calls, are worked on where they are, with nothing in
 * between ({@link #wanted} is the only cost they pay).
 */
public interface Offload {

    /** Never moves anything: the library default, for callers on threads that may block. */
    Offload NEVER = new Offload() {
        @Override
        public boolean wanted(long size) {
            return false;
        }

        @Override
        public <T> Uni<T> run(Supplier<T> work) {
            return Uni.createFrom().item(work);
        }
    };

    /** Whether work on a body of {@code size} bytes should leave the calling thread. */
    boolean wanted(long size);

    /**
     * Runs {@code work} on another thread; the Uni delivers its result, or what it threw, back where it was
     * subscribed to.
     */
    <T> Uni<T> run(Supplier<T> work);
}
