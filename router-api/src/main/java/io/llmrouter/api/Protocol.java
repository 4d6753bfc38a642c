package io.llmrouter.api;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * A wire protocol the router speaks, to clients and to upstreams, by the name configuration uses. What the protocol
 * is (its conversion, URLs, credentials, errors) lives in its package of router-core.
 */
public enum Protocol {
    /** OpenAI Chat Completions ({@code /v1/chat/completions}). */
    OPENAI("openai"),
    /** Anthropic Messages ({@code /v1/messages}). */
    ANTHROPIC("anthropic"),
    /** Gemini generateContent ({@code /v1beta/models/{model}:generateContent}). */
    GEMINI("gemini"),
    /** Cohere Chat v1 ({@code /v1/chat}). */
    COHERE("cohere"),
    /** Cohere Chat v2 ({@code /v2/chat}). */
    COHERE_V2("cohere-v2"),
    /** Azure OpenAI: OpenAI bodies, deployment in the path, {@code api-key} header. Upstream only. */
    AZURE_OPENAI("azure-openai"),
    /**
     * OpenAI Responses ({@code /v1/responses}): the API of OpenAI's agents and of the models OpenAI serves nowhere
     * else. The router keeps no response state, so every call carries its whole conversation.
     */
    OPENAI_RESPONSES("openai-responses");

    private final String configName;

    Protocol(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration ({@code router.tenants.<t>.keys.<k>.protocol}). */
    public String configName() {
        return configName;
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
        StringJoiner names = new StringJoiner(", ");
        for (Protocol p : values()) {
            names.add(p.configName);
        }
        throw new IllegalArgumentException("unknown protocol '" + value + "' (expected one of " + names + ")");
    }
}
