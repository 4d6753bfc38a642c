package io.llmrouter.api;

import io.llmrouter.api.error.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Connection credentials for one upstream account: where to call, with which secret, in which protocol.
 *
 * @param protocol   upstream wire protocol
 * @param baseUrl    scheme, host and optional path prefix (see the base URL rule in docs/configuration.md)
 * @param apiKey     the upstream secret; never logged (see {@link #toString()})
 * @param apiVersion Azure {@code api-version}; ignored by other protocols, null for the default
 * @param headers    request headers sent on every call of this key, converted or not, over any the caller sent
 *                   (lower-case names); empty for none
 * @param forwardHeaders account-scoped request headers whose caller's value is forwarded on calls of the same
 *                   protocol family ({@code openai-organization}, {@code anthropic-workspace-id}, lower-case); empty
 *                   for none
 */
public record Key(Protocol protocol, String baseUrl, String apiKey, String apiVersion, Map<String, String> headers,
                  Set<String> forwardHeaders) {

    /** Azure OpenAI {@code api-version} used when none is configured (GA version, supports tools and streaming usage). */
    public static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";

    /**
     * Request headers no caller value and no configuration ever sends upstream: credentials, cookies, hop-by-hop
     * and framing headers, proxies' and tracing headers, the router's own. Prefixes end with {@code -}.
     */
    public static final Set<String> RESERVED_HEADERS = Set.of("authorization", "x-api-key", "api-key",
            "x-goog-api-key", "cookie", "proxy-authorization", "connection", "keep-alive", "te", "trailer",
            "transfer-encoding", "upgrade", "host", "content-length", "content-encoding", "content-type", "accept",
            "accept-encoding", "expect", "forwarded", "x-real-ip", "traceparent", "tracestate", "baggage",
            "x-forwarded-", "x-router-", "x-stainless-");

    /** Longest header value accepted, configured or forwarded. */
    public static final int MAX_HEADER_VALUE = 1024;

    public Key {
        headers = headers == null ? Map.of() : lowerCaseNames(headers);
        forwardHeaders = forwardHeaders == null ? Set.of() : lowerCase(forwardHeaders);
    }

    public Key(Protocol protocol, String baseUrl, String apiKey, String apiVersion) {
        this(protocol, baseUrl, apiKey, apiVersion, Map.of(), Set.of());
    }

    public Key(Protocol protocol, String baseUrl, String apiKey) {
        this(protocol, baseUrl, apiKey, null);
    }

    /** Whether no caller value and no configuration may send the header {@code name} upstream. */
    public static boolean reservedHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (RESERVED_HEADERS.contains(n)) {
            return true;
        }
        for (String reserved : RESERVED_HEADERS) {
            if (reserved.endsWith("-") && n.startsWith(reserved)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> lowerCaseNames(Map<String, String> headers) {
        Map<String, String> out = new TreeMap<>();
        headers.forEach((name, value) -> out.put(name.trim().toLowerCase(Locale.ROOT), value));
        return Collections.unmodifiableMap(out);
    }

    private static Set<String> lowerCase(Set<String> names) {
        Set<String> out = new TreeSet<>();
        names.forEach(n -> out.add(n.trim().toLowerCase(Locale.ROOT)));
        return Collections.unmodifiableSet(out);
    }

    /** The Azure api-version to send, falling back to {@link #DEFAULT_AZURE_API_VERSION}. */
    public String effectiveApiVersion() {
        return apiVersion == null || apiVersion.isBlank() ? DEFAULT_AZURE_API_VERSION : apiVersion;
    }

    /** The parsed base URL; call {@link #validate()} first. */
    public URI uri() {
        return URI.create(baseUrl.trim());
    }

    /**
     * Checks what can be checked without the network: a protocol, an http(s) URL with a host, a non-blank key.
     *
     * @throws ConfigurationException naming the offending field
     */
    public Key validate() {
        if (protocol == null) {
            throw new ConfigurationException("protocol", "is required");
        }
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new ConfigurationException("base-url", "is required");
        }
        URI uri;
        try {
            uri = new URI(baseUrl.trim());
        } catch (URISyntaxException e) {
            throw new ConfigurationException("base-url", "is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new ConfigurationException("base-url", "must use http or https, got '" + baseUrl + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new ConfigurationException("base-url", "has no host: '" + baseUrl + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConfigurationException("base-url", "must not carry credentials");
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new ConfigurationException("api-key", "is required and must not be blank");
        }
        headers.forEach((name, value) -> {
            checkName("headers." + name, name);
            if (value == null || value.isEmpty() || value.length() > MAX_HEADER_VALUE
                    || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new ConfigurationException("headers." + name, "must be 1 to " + MAX_HEADER_VALUE
                        + " printable ASCII characters");
            }
        });
        for (String name : forwardHeaders) {
            checkName("forward-headers", name);
        }
        return this;
    }

    private static void checkName(String property, String name) {
        if (name.isEmpty() || !name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_')) {
            throw new ConfigurationException(property, "'" + name + "' is not a header name");
        }
        if (reservedHeader(name)) {
            throw new ConfigurationException(property, "'" + name + "' is never sent upstream by the router"
                    + " (credentials, connection and the router's own headers are its to set)");
        }
    }

    /** Never prints the secret, nor configured header values (they may be account identifiers). */
    @Override
    public String toString() {
        return "Key[protocol=" + protocol + ", baseUrl=" + baseUrl + ", apiKey=***"
                + (headers.isEmpty() ? "" : ", headers=" + headers.keySet())
                + (forwardHeaders.isEmpty() ? "" : ", forwardHeaders=" + forwardHeaders) + "]";
    }
}
