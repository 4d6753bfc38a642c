package io.llmrouter.core.upstream.restclient;

import io.llmrouter.core.wire.HeaderLookup;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies an {@link UpstreamExchange} to the REST client's request (target URL, provider headers) and reports the
 * answer's head back to it. For streamed calls it relabels the answer as {@code application/octet-stream}: the client
 * would otherwise decode SSE or NDJSON itself, while the router forwards and converts the raw bytes. The client emits
 * streamed answers with a 2xx status as chunks; it buffers any other answer and fails the stream with it, which
 * {@link RestClientUpstreamTransport} turns back into a status, headers and a body.
 */
final class ExchangeFilter implements ClientRequestFilter, ClientResponseFilter {

    /** The property under which the Quarkus REST client exposes the invoked method's arguments to filters. */
    static final String INVOKED_METHOD_PARAMETERS = "io.quarkus.rest.client.invokedMethodParameters";

    @Override
    public void filter(ClientRequestContext request) {
        UpstreamExchange exchange = exchangeOf(request);
        request.setUri(exchange.uri());
        MultivaluedMap<String, Object> headers = request.getHeaders();
        for (Map.Entry<String, String> h : exchange.request().headers().entrySet()) {
            headers.putSingle(h.getKey(), h.getValue());
        }
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        UpstreamExchange exchange = exchangeOf(request);
        if (!exchange.request().stream()) {
            return; // buffered: status, headers and body come together in the Response
        }
        if (response.getStatus() / 100 != 2) {
            return; // the client already failed this stream with the buffered answer (filters run on its error path)
        }
        exchange.onHead().accept(response.getStatus(), copy(response.getHeaders()));
        response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_OCTET_STREAM);
    }

    private static UpstreamExchange exchangeOf(ClientRequestContext request) {
        if (request.getProperty(INVOKED_METHOD_PARAMETERS) instanceof List<?> args) {
            for (Object a : args) {
                if (a instanceof UpstreamExchange e) {
                    return e;
                }
            }
        }
        throw new IllegalStateException("REST client call without an UpstreamExchange argument");
    }

    /** A case-insensitive snapshot: the filter may relabel the live headers afterwards. */
    private static HeaderLookup copy(MultivaluedMap<String, String> headers) {
        Map<String, String> first = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (!e.getValue().isEmpty()) {
                first.putIfAbsent(e.getKey(), e.getValue().get(0));
            }
        }
        return first::get;
    }
}
