package io.llmrouter.service.jaxrs;

import io.llmrouter.core.routing.RoutedResponse;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * A {@link RoutedResponse} as a Quarkus REST answer, for the JAX-RS resources that answer in a caller's protocol (the
 * JAX-RS front door, the simulator): status, headers and content type set per response, and a Multi of ready-made
 * bytes, the complete body as one item or the frames of a stream as they come.
 */
public final class RestReplies {

    private RestReplies() {
    }

    /** The answer {@code routed} yields, written as it is. */
    public static RestMulti<byte[]> of(Uni<RoutedResponse> routed) {
        return RestMulti.fromUniResponse(routed, RestReplies::bytes, RestReplies::headers, RoutedResponse::status);
    }

    private static Multi<byte[]> bytes(RoutedResponse r) {
        return r instanceof RoutedResponse.Streamed s ? s.frames()
                : Multi.createFrom().item(((RoutedResponse.Complete) r).body());
    }

    private static Map<String, List<String>> headers(RoutedResponse r) {
        Map<String, List<String>> h = new HashMap<>(r.headers().size() + 1);
        h.put("Content-Type", List.of(r.contentType()));
        r.headers().forEach((k, v) -> h.put(k, List.of(v)));
        return h;
    }
}
