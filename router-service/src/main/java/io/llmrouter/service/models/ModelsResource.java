package io.llmrouter.service.models;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.governance.WallClock;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.routing.Replies;
import io.llmrouter.core.routing.RoutedResponse;
import io.llmrouter.service.config.PublicModel;
import io.llmrouter.service.config.Tenant;
import io.llmrouter.service.config.TenantRegistry;
import io.llmrouter.service.gateway.InboundKeys;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;

/**
 * The caller's models, those of its tenant that its key may call, in its provider's format
 * ({@link ModelListFormat#of}): {@code GET /v1/models} and {@code GET /v1beta/models} list them,
 * {@code GET /v1/models/{model}} and {@code GET /v1beta/models/{model}} answer one. The class sits at the root path
 * like {@code ChatResource}: under a class path of {@code /v1/models}, JAX-RS would look for Gemini's
 * {@code POST /v1/models/{model}:...} calls in this class only and answer them 404 (with
 * {@code router.http.front-door=jax-rs}).
 */
@Path("/")
public class ModelsResource {

    /** Gemini's methods on a model: a {@code GET} of {@code models/{model}:<method>} is a call with the wrong verb. */
    private static final Set<String> GEMINI_METHODS = Set.of("generateContent", "streamGenerateContent",
            "countTokens", "embedContent", "batchEmbedContents");

    private final TenantRegistry tenants;
    private final Replies replies;
    private final WallClock clock;

    @Inject
    public ModelsResource(TenantRegistry tenants, Replies replies, WallClock clock) {
        this.tenants = tenants;
        this.replies = replies;
        this.clock = clock;
    }

    /** Lists the models in OpenAI's, Anthropic's, Gemini's or Cohere's format. */
    @GET
    @Path("v1/models")
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@Context HttpServerRequest http) {
        ModelListFormat format = format(http);
        Caller caller = caller(http);
        if (caller.refusal() != null) {
            return error(format, caller.refusal());
        }
        try {
            return ok(format.list(caller.tenant().name(), caller.models(), http::getParam));
        } catch (RouterException e) {
            return error(format, e.error());
        }
    }

    /** Gemini's list. */
    @GET
    @Path("v1beta/models")
    @Produces(MediaType.APPLICATION_JSON)
    public Response listBeta(@Context HttpServerRequest http) {
        return list(http);
    }

    /** One model of the caller's, or 404 (OpenAI's {@code model_not_found}) for any other name. */
    @GET
    @Path("v1/models/{model}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response retrieve(@PathParam("model") String model, @Context HttpServerRequest http) {
        int colon = model.lastIndexOf(':');
        if (colon > 0 && GEMINI_METHODS.contains(model.substring(colon + 1))) {
            throw new NotAllowedException("POST");
        }
        ModelListFormat format = format(http);
        Caller caller = caller(http);
        if (caller.refusal() != null) {
            return error(format, caller.refusal());
        }
        for (PublicModel m : caller.models()) {
            if (m.id().equals(model)) {
                return ok(format.one(caller.tenant().name(), m));
            }
        }
        return error(format, RouterException.modelNotFound(model).error());
    }

    /** Gemini's model. */
    @GET
    @Path("v1beta/models/{model}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response retrieveBeta(@PathParam("model") String model, @Context HttpServerRequest http) {
        return retrieve(model, http);
    }

    private static ModelListFormat format(HttpServerRequest http) {
        return ModelListFormat.of(http.path(), http::getHeader, http::getParam);
    }

    /**
     * The caller's tenant and the models its key may call, in the tenant's order; or why it is refused (a missing,
     * unknown or expired key).
     */
    private Caller caller(HttpServerRequest http) {
        TenantRegistry.Identity identity = tenants.identify(InboundKeys.extract(http));
        if (identity == null) {
            return Caller.refused(ApiError.of(ErrorKind.AUTHENTICATION, "Missing or invalid API key"));
        }
        if (identity.key().expired(clock.millis())) {
            return Caller.refused(ApiError.of(ErrorKind.AUTHENTICATION, "API key expired"));
        }
        Tenant tenant = identity.tenant();
        return new Caller(tenant, identity.key().visible(tenant.publicModels()).stream().map(tenant::describe)
                .toList(), null);
    }

    /** An admitted caller's tenant and models, or a refusal (tenant and models null). */
    private record Caller(Tenant tenant, List<PublicModel> models, ApiError refusal) {

        static Caller refused(ApiError refusal) {
            return new Caller(null, null, refusal);
        }
    }

    private static Response ok(ObjectNode body) {
        return Response.ok(Json.bytes(body), MediaType.APPLICATION_JSON).build();
    }

    private Response error(ModelListFormat format, ApiError error) {
        RoutedResponse.Complete e = replies.refuse(format.protocol(), error);
        return Response.status(e.status()).type(e.contentType()).entity(e.body()).build();
    }
}
