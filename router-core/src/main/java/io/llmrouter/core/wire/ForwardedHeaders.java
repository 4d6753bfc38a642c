package io.llmrouter.core.wire;

import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The request headers of a client's call that may reach an upstream: at most the client protocol's allow-list
 * (docs/protocols.md, "Headers that reach the upstream"), copied once when the call is prepared, each value bounded
 * and printable. Whether one is sent is the upstream wire's decision: only to an upstream of the same protocol family,
 * and account-scoped ones only when the key says so ({@link #send}).
 *
 * @param client the protocol the client spoke; null for none
 * @param values lower-case header name to value
 */
public record ForwardedHeaders(Protocol client, Map<String, String> values) {

    /** No header travels (library calls, tests). */
    public static final ForwardedHeaders NONE = new ForwardedHeaders(null, Map.of());

    public ForwardedHeaders {
        values = values == null ? Map.of() : Map.copyOf(values);
    }

    /**
     * The headers named in {@code allowed} (lower-case) that the client sent, leaving out any value longer than
     * {@link Key#MAX_HEADER_VALUE} or with a character outside printable ASCII, never a reserved name, and never one
     * the caller's {@code Connection} header names: those belong to the caller's connection alone, and an
     * intermediary must not pass them on (RFC 9110, section 7.6.1).
     */
    public static ForwardedHeaders capture(Protocol client, HeaderLookup request, Set<String> allowed) {
        if (allowed.isEmpty() || request == null) {
            return NONE;
        }
        Set<String> hopByHop = connectionOptions(request.get("connection"));
        Map<String, String> values = new TreeMap<>();
        for (String name : allowed) {
            String value = request.get(name);
            if (value != null && !Key.reservedHeader(name) && !hopByHop.contains(name.toLowerCase(Locale.ROOT))
                    && printable(value)) {
                values.put(name.toLowerCase(Locale.ROOT), value.trim());
            }
        }
        return values.isEmpty() ? new ForwardedHeaders(client, Map.of())
                : new ForwardedHeaders(client, Collections.unmodifiableMap(values));
    }

    /** The header names a {@code Connection} value lists, lower-case; none for no value. */
    private static Set<String> connectionOptions(String connection) {
        if (connection == null || connection.isBlank()) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        for (String option : connection.split(",")) {
            names.add(option.trim().toLowerCase(Locale.ROOT));
        }
        return names;
    }

    private static boolean printable(String value) {
        if (value.isBlank() || value.length() > Key.MAX_HEADER_VALUE) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** The caller's value of a header, or null. */
    public String get(String name) {
        return values.get(name);
    }

    /**
     * Puts into {@code headers} what an upstream of {@code key} takes from this call: the caller's value of each
     * {@code open} header and of each {@code accountScoped} one the key lists in {@code forward-headers}, when the
     * client spoke one of {@code family}; then the key's configured headers, which win.
     */
    public void send(Map<String, String> headers, Key key, Set<Protocol> family, Set<String> open,
                     Set<String> accountScoped) {
        if (client != null && family.contains(client)) {
            for (Map.Entry<String, String> e : values.entrySet()) {
                String name = e.getKey();
                if (open.contains(name) || accountScoped.contains(name) && key.forwardHeaders().contains(name)) {
                    headers.put(name, e.getValue());
                }
            }
        }
        headers.putAll(key.headers());
    }
}
