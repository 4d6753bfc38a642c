package io.llmrouter.api;

import java.util.Locale;

/** A wire protocol the router speaks, to clients and to upstreams. */
public enum Protocol {
    /** OpenAI Chat Completions ({@code /v1/chat/completions}). */
    OPENAI("openai", "/v1"),
    /** Anthropic Messages ({@code /v1/messages}). */
    ANTHROPIC("anthropic", "/v1"),
    /** Gemini generateContent ({@code /v1beta/models/{model}:generateContent}). */
    GEMINI("gemini", "/v1beta"),
    /** Cohere Chat v1 ({@code /v1/chat}). */
    COHERE("cohere", "/v1"),
    /** Cohere Chat v2 ({@code /v2/chat}). */
    COHERE_V2("cohere-v2", "/v2"),
    /** Azure OpenAI: OpenAI bodies, deployment in the path, {@code api-key} header. Upstream only. */
    AZURE_OPENAI("azure-openai", "");

    private final String configName;
    private final String defaultPrefix;

    Protocol(String configName, String defaultPrefix) {
        this.configName = configName;
        this.defaultPrefix = defaultPrefix;
    }

    /** The name used in configuration ({@code router.tenants.<t>.keys.<k>.protocol}). */
    public String configName() {
        return configName;
    }

    /** Version prefix appended to a base URL that has no path of its own (docs/configuration.md, base URL rule). */
    public String defaultPrefix() {
        return defaultPrefix;
    }

    /** Parses a configuration name, case-insensitively; accepts the enum name too. */
    public static Protocol fromConfig(String value) {
        if (value == null) {
            throw new IllegalArgumentException("protocol is missing");
        }
        String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Protocol p : values()) {
            if (p.configName.equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + value
                + "' (expected one of openai, anthropic, gemini, cohere, cohere-v2, azure-openai)");
    }
}
