package io.llmrouter.api;

import io.llmrouter.api.error.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Connection credentials for one upstream account: where to call, with which secret, in which protocol.
 *
 * @param protocol   upstream wire protocol
 * @param baseUrl    scheme, host and optional path prefix (see the base URL rule in docs/configuration.md)
 * @param apiKey     the upstream secret; never logged (see {@link #toString()})
 * @param apiVersion Azure {@code api-version}; ignored by other protocols, null for the default
 */
public record Key(Protocol protocol, String baseUrl, String apiKey, String apiVersion) {

    /** Azure OpenAI {@code api-version} used when none is configured (GA version, supports tools and streaming usage). */
    public static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";

    public Key(Protocol protocol, String baseUrl, String apiKey) {
        this(protocol, baseUrl, apiKey, null);
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
        return this;
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "Key[protocol=" + protocol + ", baseUrl=" + baseUrl + ", apiKey=***]";
    }
}
