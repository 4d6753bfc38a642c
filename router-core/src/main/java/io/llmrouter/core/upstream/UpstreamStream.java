package io.llmrouter.core.upstream;

import io.smallrye.mutiny.Multi;

/**
 * An upstream answer whose status and headers have arrived and whose body streams. Subscribing to {@link #body()}
 * starts the flow; cancelling it aborts the upstream request. Subscribe at most once.
 */
public record UpstreamStream(int status, HeaderLookup headers, Multi<byte[]> body) {

    /** True for 2xx. */
    public boolean successful() {
        return status >= 200 && status < 300;
    }
}
