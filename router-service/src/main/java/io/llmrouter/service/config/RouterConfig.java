package io.llmrouter.service.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The router's configuration: tenants with their keys and endpoints (CONTRACT.md), security, transport, simulator. */
@ConfigMapping(prefix = "router")
public interface RouterConfig {

    /** Tenants by name. */
    Map<String, TenantConfig> tenants();

    /** Directory of tenant files ({@code *.properties}, one tenant each) loaded in addition to the main config. */
    @WithName("tenants-dir")
    Optional<String> tenantsDir();

    /** SSRF guard settings. */
    Security security();

    /** Built-in provider simulator. */
    Simulator simulator();

    /** Upstream HTTP transport. */
    Upstream upstream();

    /** Inbound HTTP. */
    Http http();

    /** Limits on what clients send. */
    Limits limits();

    /** Conversion defaults. */
    Conversion conversion();

    /**
     * Whether Mutiny callbacks carry the CDI request context and the other MicroProfile thread contexts across
     * threads. Off by default: the router's calls run on their caller's event loop and hold no request-scoped state,
     * and the capture around every callback cost ~5 µs of CPU per call (docs/benchmarks.md). Turn it on for
     * extensions that use request-scoped beans on asynchronous paths.
     */
    @WithName("context-propagation")
    @WithDefault("false")
    boolean contextPropagation();

    /** One tenant: who may call, and where its calls may go. */
    interface TenantConfig {

        /** Inbound keys that select this tenant (comma-separated); compared in constant time, never logged. */
        @WithName("api-keys")
        Optional<java.util.List<String>> apiKeys();

        /** Endpoints tried per request (failover budget). */
        @WithName("max-attempts")
        @WithDefault("3")
        int maxAttempts();

        /** Optional bulkhead: calls in flight at once for this tenant; over it → 429. */
        @WithName("max-concurrent")
        Optional<Integer> maxConcurrent();

        /** Optional rate limit: calls per minute for this tenant; over it → 429 with Retry-After. */
        @WithName("requests-per-minute")
        Optional<Integer> requestsPerMinute();

        /** Upstream credentials by name. */
        Map<String, KeyConfig> keys();

        /** Routable endpoints by name. */
        Map<String, EndpointConfig> endpoints();
    }

    /** Upstream credentials (the seed's Key). */
    interface KeyConfig {

        /** Upstream protocol: openai, anthropic, gemini, cohere, cohere-v2 or azure-openai. */
        Optional<String> protocol();

        /** Base URL; without a path the protocol's version prefix is added. */
        @WithName("base-url")
        Optional<String> baseUrl();

        /** Upstream API key; reference a secret ({@code ${OPENAI_API_KEY}}), never a literal in a ConfigMap. */
        @WithName("api-key")
        Optional<String> apiKey();

        /** Azure OpenAI api-version; default 2024-10-21. */
        @WithName("api-version")
        Optional<String> apiVersion();
    }

    /** A routable endpoint (the seed's Endpoint). */
    interface EndpointConfig {

        /** Name of the tenant key this endpoint calls with. */
        Optional<String> key();

        /** Upstream model; empty means the request's model (required for gemini and azure-openai). */
        Optional<String> model();

        /** Public model names served (comma-separated); empty means any. */
        Optional<java.util.List<String>> models();

        /** USD per 1K input tokens. */
        @WithName("input-price")
        @WithDefault("0")
        double inputPrice();

        /** USD per 1K output tokens. */
        @WithName("output-price")
        @WithDefault("0")
        double outputPrice();

        /** Circuit breaker settings. */
        Breaker breaker();
    }

    /** Circuit breaker settings of an endpoint. */
    interface Breaker {

        /** Consecutive failures that open the breaker. */
        @WithDefault("3")
        int threshold();

        /** Time an open breaker waits before letting one probe through. */
        @WithName("recovery-timeout")
        @WithDefault("60s")
        Duration recoveryTimeout();
    }

    /** SSRF guard. */
    interface Security {

        /** Allow upstreams on loopback, private, link-local or metadata addresses (tests, demo, on-prem models). */
        @WithName("allow-private-upstreams")
        @WithDefault("false")
        boolean allowPrivateUpstreams();
    }

    /** Built-in provider simulator. */
    interface Simulator {

        /** Serve simulated OpenAI, Anthropic, Gemini and Cohere upstreams under {@code /simulator}. */
        @WithDefault("false")
        boolean enabled();

        /** Log the demo's curl commands at start-up (set by the demo profile). */
        @WithName("demo-banner")
        @WithDefault("false")
        boolean demoBanner();

        /** Pause between streamed chunks of the simulator. */
        @WithName("chunk-delay")
        @WithDefault("20ms")
        Duration chunkDelay();
    }

    /** Upstream transport: timeouts, and the limits on what an upstream may send (docs/operations.md). */
    interface Upstream {

        /** TCP/TLS connect timeout. */
        @WithName("connect-timeout")
        @WithDefault("5s")
        Duration connectTimeout();

        /** Time from sending a request to the upstream's response headers. */
        @WithName("first-byte-timeout")
        @WithDefault("120s")
        Duration firstByteTimeout();

        /** Longest silence allowed between two chunks of a streamed answer. */
        @WithName("idle-timeout")
        @WithDefault("60s")
        Duration idleTimeout();

        /**
         * Largest complete answer (and largest error body) taken from an upstream; larger → the exchange is reset and
         * the call fails over (retryable, counts for the breaker). Sized for real answers: a long one is a few
         * hundred KB, one with generated images as base64 a few MB. At most 1G.
         */
        @WithName("max-response-size")
        @WithDefault("32M")
        MemorySize maxResponseSize();

        /**
         * Longest line of an upstream stream (SSE, or one NDJSON event of Cohere v1); longer → the stream fails (fails
         * over before anything reached the caller, else ends with an error event). As large as the event limit: a
         * provider sends an event's data, a generated image's base64 included, on one line. At most 1G.
         */
        @WithName("max-line-size")
        @WithDefault("16M")
        MemorySize maxLineSize();

        /**
         * Largest SSE event of an upstream stream, its data lines together (and the bytes before a stream's first
         * event); larger → the stream fails as for {@link #maxLineSize()}. At most 1G.
         */
        @WithName("max-event-size")
        @WithDefault("16M")
        MemorySize maxEventSize();

        /**
         * Longest an upstream answer may last in all, from sending the request to its last byte, streamed or not;
         * longer → it is cut and fails as a timeout. The idle timeout alone lets an upstream that sends a keep-alive
         * now and then hold a call forever; long reasoning answers stream for many minutes.
         */
        @WithName("max-response-duration")
        @WithDefault("30m")
        Duration maxResponseDuration();

        /** Pooled keep-alive connections per upstream host. */
        @WithName("max-connections-per-host")
        @WithDefault("512")
        int maxConnectionsPerHost();

        /** HTTP client of upstream calls: {@code vertx} (the faster, see docs/benchmarks.md) or {@code rest-client}. */
        @WithName("transport")
        @WithDefault("vertx")
        Transport transport();

        /** The two upstream transports; both stream chunk by chunk on the event loop and never follow redirects. */
        enum Transport {
            /** Quarkus REST client, one per upstream origin; DNS answers are checked before each call. */
            REST_CLIENT,
            /** Vert.x HTTP client; DNS answers are checked and the connection is pinned to the checked address. */
            VERTX
        }
    }

    /** Inbound HTTP. */
    interface Http {

        /** What serves the chat routes: {@code vertx} (the faster, see docs/benchmarks.md) or {@code jax-rs}. */
        @WithName("front-door")
        @WithDefault("vertx")
        FrontDoor frontDoor();

        /** The two front doors of the chat routes; both answer the same calls with the same bytes and headers. */
        enum FrontDoor {
            /** Vert.x Web routes ahead of RESTEasy: one write per answer, streams written with back-pressure. */
            VERTX,
            /** JAX-RS resource methods (RESTEasy Reactive) returning a {@code RestMulti}. */
            JAX_RS
        }
    }

    /** Limits on client requests. */
    interface Limits {

        /** Largest accepted request body; larger → 413 in the client's format. */
        @WithName("max-body-size")
        @WithDefault("10M")
        io.quarkus.runtime.configuration.MemorySize maxBodySize();
    }

    /** Conversion defaults. */
    interface Conversion {

        /** max_tokens sent to Anthropic when the client gave none (Anthropic requires it). */
        @WithName("anthropic-default-max-tokens")
        @WithDefault("4096")
        int anthropicDefaultMaxTokens();
    }
}
