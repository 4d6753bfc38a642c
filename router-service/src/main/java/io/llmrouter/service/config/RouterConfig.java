package io.llmrouter.service.config;

import io.llmrouter.api.EndpointKind;
import io.llmrouter.core.governance.StoreFailure;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The router's configuration: tenants with their keys and endpoints, security, transport, simulator. The Javadoc of
 * each method is the key's description in docs/configuration.md, whose key table is generated from this file
 * (ConfigurationDocTest): write it for users.
 */
@ConfigMapping(prefix = "router")
public interface RouterConfig {

    /** Tenants by name: each has its own inbound keys, upstream keys and endpoints. */
    Map<String, TenantConfig> tenants();

    /**
     * Directory of tenant files ({@code *.properties}, e.g. a Kubernetes ConfigMap and Secret per tenant), read at
     * start-up in addition to the main configuration and again whenever they change, without a restart; set from the
     * environment variable {@code ROUTER_TENANTS_DIR}. A file holds one tenant's properties; a tenant may span several
     * files. A change that does not validate is refused whole and the running tenants stay.
     */
    @WithName("tenants-dir")
    Optional<String> tenantsDir();

    /**
     * How often the tenant files are checked for changes (100ms to 1m); a change is applied once two checks in a row
     * see the same contents, so a file still being written is not taken half-way.
     */
    @WithName("tenants-dir-interval")
    @WithDefault("2s")
    Duration tenantsDirInterval();

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

    /** Shared state of the replicas: where limits and budgets are counted, how breaker news travels. */
    State state();

    /**
     * Whether Mutiny callbacks carry the CDI request context and the other MicroProfile thread contexts across
     * threads. Off by default: the router's calls run on their caller's event loop and hold no request-scoped state,
     * and the capture around every callback costs CPU on every call (docs/benchmarks.md, "Settings and what they
     * cost"). Turn it on for extensions that use request-scoped beans on asynchronous paths.
     */
    @WithName("context-propagation")
    @WithDefault("false")
    boolean contextPropagation();

    /** One tenant: who may call, and where its calls may go. */
    interface TenantConfig {

        /**
         * Inbound keys that select this tenant (comma-separated), presented by callers as {@code Authorization:
         * Bearer}, {@code x-api-key}, {@code x-goog-api-key} or {@code ?key=}; compared as SHA-256 digests in constant
         * time, never logged; their name in metrics, traces and usage records is {@code api-keys[i]}. Required, unless
         * the tenant names at least one of {@code inbound-keys}; a key may select one tenant only.
         */
        @WithName("api-keys")
        Optional<java.util.List<String>> apiKeys();

        /** Endpoints tried per request, the first one included (the failover budget); at least 1. */
        @WithName("max-attempts")
        @WithDefault("3")
        int maxAttempts();

        /** Limits and budget of the tenant as a whole, over all its inbound keys. */
        @WithParentName
        Governance governance();

        /**
         * Named inbound keys, in addition to {@code api-keys}: each with its own model allow-list, expiry, limits and
         * budget. The name appears in metrics, traces, usage records and logs instead of the key.
         */
        @WithName("inbound-keys")
        Map<String, InboundKeyConfig> inboundKeys();

        /**
         * Whether this tenant's traces carry the prompt and the answer ({@code gen_ai.input.messages},
         * {@code gen_ai.output.messages}, {@code gen_ai.system_instructions}), each text cut at 16K characters. Off:
         * spans, logs and usage records carry no content. Takes effect only while tracing is on.
         */
        @WithName("trace-content")
        @WithDefault("false")
        boolean traceContent();

        /**
         * {@code router.state.on-store-failure} for this tenant's limits and budgets, its keys' included; the global
         * value when not set.
         */
        @WithName("on-store-failure")
        Optional<StoreFailure> onStoreFailure();

        /** Conversion settings of this tenant's calls. */
        TenantConversion conversion();

        /** Upstream credentials by name, used by the tenant's endpoints. */
        Map<String, KeyConfig> keys();

        /** Routable endpoints by name: an upstream key, a model and its prices. At least one. */
        Map<String, EndpointConfig> endpoints();

        /**
         * What the model lists say of the tenant's public models, by public model name (one the tenant's endpoints
         * serve; quote a name with dots: {@code models."gpt-4.1".display-name}). A model without an entry is listed
         * by its name alone.
         */
        Map<String, ModelConfig> models();
    }

    /** What the model lists ({@code GET /v1/models}, {@code GET /v1beta/models}) say of one public model. */
    interface ModelConfig {

        /**
         * The name people read: Anthropic's {@code display_name}, Gemini's {@code displayName}. Not set: the model's
         * name.
         */
        @WithName("display-name")
        Optional<String> displayName();

        /**
         * When the model was released, an ISO-8601 instant ({@code 2025-05-14T00:00:00Z}): OpenAI's {@code created},
         * Anthropic's {@code created_at}. Not set: the Unix epoch.
         */
        Optional<String> created();

        /** Gemini's {@code version} ({@code 001}, {@code 2.0}). Not set: not listed. */
        Optional<String> version();

        /**
         * Most input tokens a call may send: Gemini's {@code inputTokenLimit}, Anthropic's {@code max_input_tokens},
         * Cohere's {@code context_length}; at least 1. Not set: not listed.
         */
        @WithName("input-token-limit")
        Optional<Integer> inputTokenLimit();

        /**
         * Most tokens an answer may have: Gemini's {@code outputTokenLimit}, Anthropic's {@code max_tokens}; at least
         * 1. Not set: not listed.
         */
        @WithName("output-token-limit")
        Optional<Integer> outputTokenLimit();
    }

    /**
     * Limits and a budget, of a tenant or of one of its inbound keys. A call must pass the tenant's and its key's;
     * refusals come before any upstream call, in the caller's format.
     */
    interface Governance {

        /**
         * Calls in flight at once (a stream counts until it ends); over it → 429 with {@code Retry-After: 1}. Not set:
         * no limit.
         */
        @WithName("max-concurrent")
        Optional<Integer> maxConcurrent();

        /**
         * Calls per UTC minute; over it → 429 with {@code Retry-After} (seconds to the next minute). Not set: no limit.
         */
        @WithName("requests-per-minute")
        Optional<Integer> requestsPerMinute();

        /**
         * Input and output tokens per UTC minute: a call reserves its estimated input when admitted and is corrected
         * by the real usage when it ends; over it → 429 with {@code Retry-After}. Not set: no limit.
         */
        @WithName("tokens-per-minute")
        Optional<Integer> tokensPerMinute();

        /** Spend cap, counted from the cost of every call at its endpoint's prices. */
        Budget budget();
    }

    /** A spend cap over a period. */
    interface Budget {

        /**
         * Hard cap in USD per period, at most 1,000,000; past it → 429 {@code Budget exceeded} with the time it resets.
         * Not set: no budget.
         */
        Optional<Double> usd();

        /**
         * The period the budget counts in, in UTC: {@code day}, {@code month}, or an ISO-8601 duration from
         * {@code PT1M} to {@code P366D} ({@code PT6H}, {@code P7D}, {@code P2W}) counted from {@code period-anchor}.
         */
        @WithDefault("month")
        String period();

        /**
         * Where periods given as a duration are counted from, an ISO-8601 instant ({@code 2026-01-05T00:00:00Z}
         * starts weekly periods on Mondays). Not set: the Unix epoch.
         */
        @WithName("period-anchor")
        Optional<String> periodAnchor();

        /**
         * Share of the budget, 1–100, past which calls carry {@code x-router-budget-soft-limit} and count in
         * {@code router_budget_soft_limit_calls}.
         */
        @WithName("soft-percent")
        @WithDefault("80")
        int softPercent();

        /**
         * Past the soft threshold, only endpoints whose input price (USD per 1K tokens) is at or below this serve;
         * a model no such endpoint serves is refused (429). Not set: no downgrade.
         */
        @WithName("downgrade-max-input-price")
        Optional<Double> downgradeMaxInputPrice();
    }

    /** A named inbound key of a tenant. */
    interface InboundKeyConfig {

        /**
         * The key callers present, or its SHA-256 as {@code sha256:<64 hex digits>} ({@code printf %s "$KEY" |
         * sha256sum}) so that configuration need not hold a usable key. Required; a key may select one tenant only.
         */
        Optional<String> key();

        /**
         * Models this key may call (comma-separated); another model is answered 404 as an unknown model, and
         * {@code GET /v1/models} lists only these. Not set: all the tenant's models.
         */
        Optional<java.util.List<String>> models();

        /**
         * When the key stops working, an ISO-8601 instant ({@code 2027-01-01T00:00:00Z}); from then on its calls get
         * 401 {@code API key expired}. Not set: never.
         */
        Optional<String> expires();

        /** Limits and budget of this key alone, in addition to its tenant's. */
        @WithParentName
        Governance governance();
    }

    /** Upstream credentials (the seed's Key). */
    interface KeyConfig {

        /**
         * Upstream protocol: {@code openai} (Chat Completions; also any OpenAI-compatible API),
         * {@code openai-responses} (OpenAI's Responses API), {@code anthropic}, {@code gemini}, {@code cohere} (Chat
         * v1), {@code cohere-v2} (Chat v2) or {@code azure-openai}. Required.
         */
        Optional<String> protocol();

        /**
         * Upstream base URL, http or https, without credentials. Without a path the protocol's version prefix is
         * added ({@code /v1}, {@code /v1beta} for gemini, {@code /v2} for cohere-v2); with a path it is used as given
         * and only the operation is appended ({@code https://api.groq.com/openai/v1}). Required; private addresses
         * are refused unless {@code router.security.allow-private-upstreams} is true.
         */
        @WithName("base-url")
        Optional<String> baseUrl();

        /**
         * Upstream API key; reference a secret ({@code ${OPENAI_API_KEY}}), never a literal in a ConfigMap. Required.
         */
        @WithName("api-key")
        Optional<String> apiKey();

        /** Azure OpenAI {@code api-version}; {@code 2024-10-21} when not set. Other protocols ignore it. */
        @WithName("api-version")
        Optional<String> apiVersion();

        /**
         * Account-scoped request headers whose caller's value is forwarded to this key's upstream on calls of the same
         * protocol family ({@code OpenAI-Organization}, {@code OpenAI-Project}, {@code anthropic-workspace-id},
         * {@code x-goog-user-project}), comma-separated; none by default (docs/protocols.md, "Headers that reach the
         * upstream"). Only the account-scoped headers of the key's own protocol can be named; any other name stops
         * the start-up.
         */
        @WithName("forward-headers")
        Optional<java.util.List<String>> forwardHeaders();

        /**
         * Request headers sent with every call of this key, converted or not, over any value the caller sent
         * ({@code headers.anthropic-beta=context-1m-2025-08-07}, {@code headers.OpenAI-Organization=org-...}).
         * Credentials and connection headers cannot be set.
         */
        Map<String, String> headers();
    }

    /** A routable endpoint (the seed's Endpoint). */
    interface EndpointConfig {

        /** Name of the tenant key ({@code keys.<key>}) this endpoint calls with. Required. */
        Optional<String> key();

        /**
         * Model asked of the upstream; not set means the request's own model. Required for {@code gemini} (the model
         * is part of the URL) and {@code azure-openai} (the deployment name).
         */
        Optional<String> model();

        /**
         * Public model names this endpoint serves (comma-separated): a request naming one of them may be routed here.
         * Not set: any model.
         */
        Optional<java.util.List<String>> models();

        /** USD per 1,000 input tokens: with the output price, what ranks the candidates and prices the call. */
        @WithName("input-price")
        @WithDefault("0")
        double inputPrice();

        /** USD per 1,000 output tokens. */
        @WithName("output-price")
        @WithDefault("0")
        double outputPrice();

        /**
         * USD per 1,000 input tokens read from a prompt cache (OpenAI and Cohere {@code cached_tokens}, Anthropic
         * {@code cache_read_input_tokens}, Gemini {@code cachedContentTokenCount}). Not set: the input price.
         */
        @WithName("cache-read-price")
        Optional<Double> cacheReadPrice();

        /**
         * USD per 1,000 input tokens written to a prompt cache (Anthropic {@code cache_creation_input_tokens}). Not
         * set: the input price.
         */
        @WithName("cache-write-price")
        Optional<Double> cacheWritePrice();

        /**
         * What the endpoint serves: {@code chat} (chat calls and counts of tokens) or {@code embeddings} (embeddings
         * calls, on a key of a protocol that has them: openai, azure-openai, gemini, cohere, cohere-v2; no
         * output-price). A call only goes to endpoints of its kind.
         */
        @WithDefault("chat")
        EndpointKind kind();

        /** Circuit breaker settings. */
        Breaker breaker();
    }

    /** Circuit breaker settings of an endpoint. */
    interface Breaker {

        /** Consecutive failures that open this endpoint's circuit breaker; at least 1. */
        @WithDefault("3")
        int threshold();

        /**
         * How long an open breaker refuses calls before it lets exactly one probe through; the probe's success
         * closes it, its failure opens it again.
         */
        @WithName("recovery-timeout")
        @WithDefault("60s")
        Duration recoveryTimeout();
    }

    /** SSRF guard. */
    interface Security {

        /**
         * Allow upstreams on loopback, private, link-local or cloud-metadata addresses, which the SSRF guard refuses
         * at start-up and on every DNS answer otherwise (for tests, the demo and models on your own network).
         */
        @WithName("allow-private-upstreams")
        @WithDefault("false")
        boolean allowPrivateUpstreams();
    }

    /** Built-in provider simulator. */
    interface Simulator {

        /**
         * Serve simulated OpenAI, Anthropic, Gemini and Cohere upstreams under
         * {@code /simulator/<ok|fail-NNN>/<protocol>} (the demo and the tests route to them): they reason when asked,
         * answer JSON fitting a requested schema, and the Anthropic and Gemini ones count tokens.
         */
        @WithDefault("false")
        boolean enabled();

        /** Log the demo's curl commands at start-up (set by the demo profile). */
        @WithName("demo-banner")
        @WithDefault("false")
        boolean demoBanner();

        /** Pause between the simulator's streamed chunks. */
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

        /** HTTP client of upstream calls ({@code vertx} is the faster: docs/benchmarks.md). */
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

        /** What serves the chat routes ({@code vertx} is the faster: docs/benchmarks.md). */
        @WithName("front-door")
        @WithDefault("vertx")
        FrontDoor frontDoor();

        /**
         * Longest time a client may take to send a complete request head: from opening the connection, or from
         * the first byte of a request that follows an answer. Over it, 408 and the connection is closed.
         */
        @WithName("request-head-timeout")
        @WithDefault("10s")
        Duration requestHeadTimeout();

        /** Longest time a client may take to send a request's body once its head is in. Over it, 408 and close. */
        @WithName("request-body-timeout")
        @WithDefault("60s")
        Duration requestBodyTimeout();

        /**
         * Longest time a connection may stay open after an answer without a complete next request head; longer
         * than a proxy's idle keep-alive to the router (NGINX's 60 s), so that the proxy closes first.
         */
        @WithName("keep-alive-timeout")
        @WithDefault("75s")
        Duration keepAliveTimeout();

        /** Connections open at once on the API port; a connection over it is answered 503 and closed. */
        @WithName("max-connections")
        @WithDefault("4096")
        int maxConnections();

        /**
         * Connections open at once from one client address, over which a connection is answered 429 and closed;
         * 0 for no limit, right behind a proxy or load balancer, where every client shares the proxy's address.
         */
        @WithName("max-connections-per-address")
        @WithDefault("0")
        int maxConnectionsPerAddress();

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

        /**
         * Bodies of at least this size, a client's request or an upstream's answer, are parsed and converted on a
         * worker thread rather than on the event loop, where other calls would wait for them.
         */
        @WithName("worker-threshold")
        @WithDefault("64K")
        io.quarkus.runtime.configuration.MemorySize workerThreshold();
    }

    /** Conversion defaults. */
    interface Conversion {

        /** max_tokens sent to Anthropic when the client gave none (Anthropic requires it). */
        @WithName("anthropic-default-max-tokens")
        @WithDefault("4096")
        int anthropicDefaultMaxTokens();

        /**
         * Refuse (400 naming the field) a call that converting for another protocol would drop a field of, instead of
         * dropping it and naming it in {@code x-router-dropped}; an endpoint of the caller's own protocol keeps every
         * field and still serves such a call. Per tenant too ({@code router.tenants.<t>.conversion.strict}).
         */
        @WithDefault("false")
        boolean strict();
    }

    /** A tenant's conversion settings, over the global ones. */
    interface TenantConversion {

        /** {@code router.conversion.strict} for this tenant's calls; the global value when not set. */
        Optional<Boolean> strict();
    }

    /** Shared state of the replicas (docs/operations.md, "Shared state"). */
    interface State {

        /**
         * Where limits and budgets are counted; {@code redis} needs {@code quarkus.redis.hosts} (and
         * {@code quarkus.redis.password} when Redis asks for one).
         */
        @WithDefault("local")
        Store store();

        /** Redis settings of the shared state. */
        StateRedis redis();

        /**
         * How long the store is left alone after two failed operations in a row (errors or timeouts): operations on it
         * fail at once meanwhile, without waiting, and one probe per interval checks whether Redis answers again.
         */
        @WithName("retry-interval")
        @WithDefault("1s")
        Duration retryInterval();

        /**
         * What a tenant's limits and budgets do while the store cannot be reached (an error, a timeout, its breaker
         * open); per tenant too ({@code router.tenants.<t>.on-store-failure}). Tenants without limits are never
         * affected; docs/operations.md, "Shared state", gives the bounds of both.
         */
        @WithName("on-store-failure")
        @WithDefault("fail-open")
        StoreFailure onStoreFailure();

        /**
         * Largest share of a limit one lease holds (more than 0, at most 0.5): a replica's meter takes at most this
         * much of a window's requests, tokens or budget from the store at once (less when it is not that busy: about
         * two seconds of its own traffic). Smaller leases park less capacity on quiet replicas and ask the store more
         * often; docs/operations.md, "Shared state", gives the bounds in terms of it.
         */
        @WithName("lease-fraction")
        @WithDefault("0.05")
        double leaseFraction();

        /**
         * A lease nothing was taken from for this long gives its unused units back to the store, so that capacity a
         * quiet replica holds returns to the others (1s to 10m). Looked for every half of it.
         */
        @WithName("lease-idle")
        @WithDefault("10s")
        Duration leaseIdle();

        /**
         * How long a replica counts as live after its last heartbeat, and holds its concurrency slots without one
         * (3s to 5m); the heartbeat beats every third of it. A replica that died gives its slots back this long
         * after its last beat; the live count sizes each replica's local share while Redis cannot be reached.
         */
        @WithName("replica-ttl")
        @WithDefault("15s")
        Duration replicaTtl();

        /** The stores. */
        enum Store {
            /** In this instance's memory: each replica counts for itself. */
            LOCAL,
            /**
             * In Redis, one count for every replica with the same Redis and key prefix; breaker news is shared
             * between them too.
             */
            REDIS
        }
    }

    /** Redis settings of the shared state; the connection itself is Quarkus' ({@code quarkus.redis.*}). */
    interface StateRedis {

        /**
         * Prefix of every key and of the pub/sub channel, so that several deployments can share one Redis:
         * 1–32 characters of {@code A-Z a-z 0-9 . _ -}.
         */
        @WithName("key-prefix")
        @WithDefault("llm-router")
        String keyPrefix();

        /**
         * Longest wait for one answer of Redis; past it the operation counts as failed and the call goes on without
         * it (10ms to 10s).
         */
        @WithDefault("250ms")
        Duration timeout();
    }
}
