package io.llmrouter.core.routing;

/**
 * How the router treats one tenant's calls beyond routing.
 *
 * @param strict refuse (400 naming the field) a call that converting would drop a field of, instead of dropping it
 *               ({@code router.conversion.strict}, also per tenant); an endpoint of the client's own protocol keeps
 *               every field and is still tried
 */
public record CallPolicy(boolean strict) {

    /** Drops what an upstream cannot take, and says so. */
    public static final CallPolicy DEFAULTS = new CallPolicy(false);
}
