package io.llmrouter.api;

import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.ConfigurationException;
import java.util.List;
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
 * @param cacheReadPrice  USD per 1K input tokens read from a prompt cache
 * @param cacheWritePrice USD per 1K input tokens written to a prompt cache
 * @param kind          what the endpoint serves: chat (and counts), or embeddings
 */
public record Endpoint(String name, Key key, String model, Set<String> models, double inputPrice,
                       double outputPrice, CircuitBreakerConfig breaker, double cacheReadPrice,
                       double cacheWritePrice, EndpointKind kind) {

    /** Resource prefixes a Gemini model may be written with: {@code models/gemini-2.0-flash}, {@code tunedModels/x}. */
    private static final List<String> GEMINI_MODEL_PREFIXES = List.of("models/", "tunedModels/");

    public Endpoint {
        models = models == null ? Set.of() : Set.copyOf(models);
        breaker = breaker == null ? CircuitBreakerConfig.DEFAULT : breaker;
        kind = kind == null ? EndpointKind.CHAT : kind;
    }

    /** A chat endpoint. */
    public Endpoint(String name, Key key, String model, Set<String> models, double inputPrice, double outputPrice,
                    CircuitBreakerConfig breaker, double cacheReadPrice, double cacheWritePrice) {
        this(name, key, model, models, inputPrice, outputPrice, breaker, cacheReadPrice, cacheWritePrice,
                EndpointKind.CHAT);
    }

    /** A chat endpoint whose cache reads and writes cost what other input tokens cost. */
    public Endpoint(String name, Key key, String model, Set<String> models, double inputPrice, double outputPrice,
                    CircuitBreakerConfig breaker) {
        this(name, key, model, models, inputPrice, outputPrice, breaker, inputPrice, inputPrice);
    }

    /** Whether a request for this public model name may be sent here. */
    public boolean serves(String publicModel) {
        return models.isEmpty() || models.contains(publicModel);
    }

    /** The model name sent upstream for a request that asked for {@code requested}. */
    public String upstreamModel(String requested) {
        return model == null || model.isBlank() ? requested : model;
    }

    /** Cost in USD of a call with these token counts, none of them read from or written to a cache. */
    public double cost(long inputTokens, long outputTokens) {
        return (inputPrice * inputTokens + outputPrice * outputTokens) / 1000.0;
    }

    /**
     * Cost in USD of a call with these token counts: uncached input at the input price, cache reads at the
     * cache-read price, cache writes at the cache-write price, output at the output price. Counts that claim more
     * cached tokens than input are held to the input (a cache read or write is always part of the prompt).
     */
    public double cost(TokenCounts counts) {
        long input = Math.max(0, counts.inputTokens());
        long read = Math.min(Math.max(0, counts.cachedInputTokens()), input);
        long write = Math.min(Math.max(0, counts.cacheWriteTokens()), input - read);
        long uncached = input - read - write;
        return (inputPrice * uncached + cacheReadPrice * read + cacheWritePrice * write
                + outputPrice * Math.max(0, counts.outputTokens())) / 1000.0;
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
        price("input-price", inputPrice);
        price("output-price", outputPrice);
        price("cache-read-price", cacheReadPrice);
        price("cache-write-price", cacheWritePrice);
        if (kind == EndpointKind.EMBEDDINGS && outputPrice != 0) {
            // Ranking and budgets weigh an expected output; an embeddings call has none, so it must cost nothing.
            throw new ConfigurationException("output-price", "must be 0 (or not set) for an endpoint of kind "
                    + "embeddings: an embeddings call has input tokens only, priced by input-price");
        }
        boolean inUrl = key.protocol() == Protocol.GEMINI || key.protocol() == Protocol.AZURE_OPENAI;
        if (inUrl && (model == null || model.isBlank())) {
            throw new ConfigurationException("model", "is required for " + key.protocol().configName()
                    + " endpoints (the model or deployment goes in the URL path)");
        }
        if (inUrl) {
            urlModel(key.protocol(), model);
        }
        return this;
    }

    /** A price is a finite number of USD, not negative: an infinite one would make every cost and ranking NaN. */
    private static void price(String property, double price) {
        if (!Double.isFinite(price) || price < 0) {
            throw new ConfigurationException(property, "must be a finite number, not negative, got " + price);
        }
    }

    /**
     * A model that goes into the upstream URL's path (Gemini's model, Azure's deployment) is one path segment: no
     * {@code /} (but Gemini's resource prefixes {@code models/} and {@code tunedModels/}), {@code ?}, {@code #},
     * whitespace or control characters, and not {@code .} or {@code ..}. The encoders percent-encode it as well;
     * refusing it here says at start-up what would otherwise fail every call.
     */
    private static void urlModel(Protocol protocol, String model) {
        String name = model;
        if (protocol == Protocol.GEMINI) {
            for (String prefix : GEMINI_MODEL_PREFIXES) {
                if (name.startsWith(prefix)) {
                    name = name.substring(prefix.length());
                    break;
                }
            }
        }
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new ConfigurationException("model", "'" + model + "' is not a model name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '\\' || Character.isWhitespace(c) || Character.isISOControl(c)
                    || Character.isSpaceChar(c)) {
                throw new ConfigurationException("model", "must not contain '/', '?', '#', '\\', spaces or control "
                        + "characters (it goes into the upstream URL), got '" + printable(model) + "'");
            }
        }
    }

    /** The model with control characters written as Unicode escapes, so the start-up message stays one line. */
    private static String printable(String model) {
        StringBuilder out = new StringBuilder(model.length());
        for (int i = 0; i < model.length(); i++) {
            char c = model.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
