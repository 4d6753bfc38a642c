package io.llmrouter.service.resource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.EncodedError;
import io.llmrouter.core.convert.Json;
import io.llmrouter.service.auth.InboundKeys;
import io.llmrouter.service.config.Tenant;
import io.llmrouter.service.config.TenantRegistry;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /v1/models}: the caller's tenant's public model names, in OpenAI's list format. */
@Path("/v1/models")
public class ModelsResource {

    private final TenantRegistry tenants;
    private final Codecs codecs;

    @Inject
    public ModelsResource(TenantRegistry tenants, Codecs codecs) {
        this.tenants = tenants;
        this.codecs = codecs;
    }

    /** Lists the models. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@Context HttpServerRequest http) {
        Tenant tenant = tenants.resolve(InboundKeys.extract(http));
        if (tenant == null) {
            EncodedError e = codecs.of(Protocol.OPENAI).encodeError(ApiError.of(ErrorKind.AUTHENTICATION,
                    "Missing or invalid API key"));
            return Response.status(e.status()).type(e.contentType()).entity(e.body()).build();
        }
        ObjectNode list = Json.object().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (String model : tenant.publicModels()) {
            data.addObject().put("id", model).put("object", "model").put("created", 0).put("owned_by", tenant.name());
        }
        return Response.ok(Json.bytes(list), MediaType.APPLICATION_JSON).build();
    }
}
