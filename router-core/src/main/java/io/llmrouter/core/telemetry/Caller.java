package io.llmrouter.core.telemetry;

import io.llmrouter.core.wire.HeaderLookup;

/**
 * Who made a call, as far as routing, metrics, traces and usage records may tell: never the caller's key.
 *
 * @param tenant         the tenant the caller's key selected
 * @param keyName        a stable, non-secret name of the inbound key that was used (e.g. {@code api-keys[0]}), or null
 * @param headers        the request's headers, read for trace context ({@code traceparent}, {@code tracestate})
 * @param captureContent whether traces may carry the prompt and the answer (a per-tenant switch, off by default)
 */
public record Caller(String tenant, String keyName, HeaderLookup headers, boolean captureContent) {

    public Caller {
        headers = headers == null ? HeaderLookup.NONE : headers;
    }

    /** A caller known by its tenant only (the library's entry points, tests). */
    public static Caller of(String tenant) {
        return new Caller(tenant, null, HeaderLookup.NONE, false);
    }
}
