package io.llmrouter.api;

import io.llmrouter.api.error.ConfigurationException;
import java.util.Set;

/**
 * A routable upstream: credentials, the model to ask for, the public models it serves and its price.
 *
 * @param name          unique within a tenant; reported in {@code x-router-endpoint}
 * @param key           connection credentials
 * @param model         upstream model; null or blank means "the model the client asked for"
 * @param models        public model names served; empty means any
 * @param inputPrice    USD per 1K input tokens
 * @param outputPrice   USD per 1K output tokens
 * @param breaker       circuit breaker settings
 */
public record Endpoint(String name, Key key, String model, Set<String> models, double inputPrice,
                       double outputPrice, CircuitBreakerConfig breaker) {

    public Endpoint {
        models = models == null ? Set.of() : Set.copyOf(models);
        breaker = breaker == null ? CircuitBreakerConfig.DEFAULT : breaker;
    }

    /** Whether a request for this public model name may be sent here. */
    public boolean serves(String publicModel) {
        return models.isEmpty() || models.contains(publicModel);
    }

    /** The model name sent upstream for a request that asked for {@code requested}. */
    public String upstreamModel(String requested) {
        return model == null || model.isBlank() ? requested : model;
    }

    /** Cost in USD of a call with these token counts. */
    public double cost(long inputTokens, long outputTokens) {
        return (inputPrice * inputTokens + outputPrice * outputTokens) / 1000.0;
    }

    /**
     * Validates the key and the endpoint's own fields.
     *
     * @throws ConfigurationException naming the offending field
     */
    public Endpoint validate() {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("name", "is required");
        }
        if (key == null) {
            throw new ConfigurationException("key", "is required");
        }
        key.validate();
        if (inputPrice < 0 || Double.isNaN(inputPrice)) {
            throw new ConfigurationException("input-price", "must not be negative, got " + inputPrice);
        }
        if (outputPrice < 0 || Double.isNaN(outputPrice)) {
            throw new ConfigurationException("output-price", "must not be negative, got " + outputPrice);
        }
        boolean needsModel = key.protocol() == Protocol.GEMINI || key.protocol() == Protocol.AZURE_OPENAI;
        if (needsModel && (model == null || model.isBlank())) {
            throw new ConfigurationException("model", "is required for " + key.protocol().configName()
                    + " endpoints (the model or deployment goes in the URL path)");
        }
        return this;
    }
}
