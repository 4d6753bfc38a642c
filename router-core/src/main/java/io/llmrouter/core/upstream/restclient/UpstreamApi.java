package io.llmrouter.core.upstream.restclient;

import io.quarkus.rest.client.reactive.NotBody;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The REST client of one upstream origin, built by {@link RestClientUpstreamTransport} with
 * {@code QuarkusRestClientBuilder}. Target URL and headers differ per call (provider, operation, model, key), so they
 * travel in the {@link UpstreamExchange}, which {@link ExchangeFilter} applies to the request; bodies are already
 * encoded JSON and pass as bytes, with no object mapping on either side.
 */
@Path("/")
public interface UpstreamApi {

    /** Sends the request and buffers the whole answer, whatever its status (the default error mapper is off). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.WILDCARD)
    Uni<Response> send(@NotBody UpstreamExchange exchange, byte[] body);

    /**
     * Sends the request and emits the answer's body as it arrives, chunk by chunk and unparsed (the filter marks the
     * answer as octet-stream so that SSE and NDJSON are not decoded here). Status and headers reach the exchange when
     * the head arrives, before the first chunk.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.WILDCARD)
    Multi<byte[]> stream(@NotBody UpstreamExchange exchange, byte[] body);
}
