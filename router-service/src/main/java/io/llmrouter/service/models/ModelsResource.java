package io.llmrouter.service.models;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.governance.WallClock;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.routing.Replies;
import io.llmrouter.core.routing.RoutedResponse;
import io.llmrouter.service.gateway.InboundKeys;
import io.llmrouter.service.config.Tenant;
import io.llmrouter.service.config.TenantRegistry;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /v1/models}: the caller's tenant's public model names (those of its key's allow-list), in OpenAI's list
 * format; {@code GET /v1/models/{model}}: one of them (OpenAI's retrieve). The class sits at the root path like {@code ChatResource}:
 * under a class path of {@code /v1/models}, JAX-RS would look for Gemini's {@code POST /v1/models/{model}:...}
 * calls in this class only and answer them 404 (with {@code router.http.front-door=jax-rs}).
 */
@Path("/")
public class ModelsResource {

    private final TenantRegistry tenants;
    private final Replies replies;
    private final WallClock clock;

    @Inject
    public ModelsResource(TenantRegistry tenants, Replies replies, WallClock clock) {
        this.tenants = tenants;
        this.replies = replies;
        this.clock = clock;
    }

    /** Lists the models. */
    @GET
    @Path("v1/models")
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@Context HttpServerRequest http) {
        TenantRegistry.Identity caller = caller(http);
        if (caller == null) {
            return unauthenticated(http);
        }
        Tenant tenant = caller.tenant();
        ObjectNode list = Json.object().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (String model : caller.key().visible(tenant.publicModels())) {
            model(data.addObject(), model, tenant);
        }
        return Response.ok(Json.bytes(list), MediaType.APPLICATION_JSON).build();
    }

    /** One model of the tenant, or 404 {@code model_not_found} as OpenAI answers for a model it does not have. */
    @GET
    @Path("v1/models/{model}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response retrieve(@PathParam("model") String model, @Context HttpServerRequest http) {
        TenantRegistry.Identity caller = caller(http);
        if (caller == null) {
            return unauthenticated(http);
        }
        Tenant tenant = caller.tenant();
        if (!tenant.publicModels().contains(model) || !caller.key().allows(model)) {
            return error(RouterException.modelNotFound(model).error());
        }
        return Response.ok(Json.bytes(model(Json.object(), model, tenant)), MediaType.APPLICATION_JSON).build();
    }

    private static ObjectNode model(ObjectNode node, String model, Tenant tenant) {
        return node.put("id", model).put("object", "model").put("created", 0).put("owned_by", tenant.name());
    }

    /** The caller's tenant and key; null for a missing, unknown or expired key. */
    private TenantRegistry.Identity caller(HttpServerRequest http) {
        TenantRegistry.Identity identity = tenants.identify(InboundKeys.extract(http));
        return identity == null || identity.key().expired(clock.millis()) ? null : identity;
    }

    private Response unauthenticated(HttpServerRequest http) {
        TenantRegistry.Identity identity = tenants.identify(InboundKeys.extract(http));
        return error(ApiError.of(ErrorKind.AUTHENTICATION, identity != null ? "API key expired"
                : "Missing or invalid API key"));
    }

    private Response error(ApiError error) {
        RoutedResponse.Complete e = replies.refuse(Protocol.OPENAI, error);
        return Response.status(e.status()).type(e.contentType()).entity(e.body()).build();
    }
}
