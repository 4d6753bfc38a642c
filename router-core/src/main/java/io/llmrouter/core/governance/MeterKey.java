package io.llmrouter.core.governance;

/**
 * What one counter belongs to, without its window: a tenant, a scope of it and a dimension. Stores build their keys
 * from it (with the window's start for windowed dimensions).
 *
 * @param tenant    the tenant's name
 * @param scope     {@link #TENANT} for the tenant as a whole, or {@code key=<name>} for one named inbound key
 * @param dimension what is counted
 */
public record MeterKey(String tenant, String scope, Dimension dimension) {

    /** The scope of a tenant's own limits. */
    public static final String TENANT = "tenant";

    /** The scope of the inbound key named {@code name}. */
    public static String keyScope(String name) {
        return "key=" + name;
    }
}
