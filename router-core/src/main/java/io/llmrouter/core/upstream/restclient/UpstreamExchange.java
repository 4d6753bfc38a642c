package io.llmrouter.core.upstream.restclient;

import io.llmrouter.core.wire.HeaderLookup;
import io.llmrouter.core.wire.UpstreamRequest;
import java.net.URI;
import java.util.function.BiConsumer;

/**
 * One call through {@link UpstreamApi}: where it goes, with which headers, and who hears about the answer's head.
 * Passed to the client as a {@code @NotBody} argument and read back by {@link ExchangeFilter}.
 *
 * @param uri     the full target URL (the client's base URL only selects the connection pool)
 * @param request the encoded request, headers with credentials included
 * @param onHead  called once with status and headers when the answer's head arrives, before any body chunk
 */
record UpstreamExchange(URI uri, UpstreamRequest request, BiConsumer<Integer, HeaderLookup> onHead) {

    @Override
    public String toString() {
        // Never print the request's headers: they carry the upstream key.
        return "UpstreamExchange[" + uri + "]";
    }
}
