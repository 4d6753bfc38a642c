package io.llmrouter.service.it;

import java.util.Map;

/**
 * The upstreams of {@link FakeUpstreams} with the tenants of the tracing tests: tenant {@code traced} (failover,
 * a converted stream with prompt-cache usage, a stream the caller abandons) does not capture content; tenant
 * {@code chatty} does.
 */
public class TracedUpstreams extends FakeUpstreams {

    static final String TRACED_KEY = "traced-inbound-key-7c21";
    static final String TRACED_KEY_2 = "traced-inbound-key-8d32";
    static final String CHATTY_KEY = "chatty-inbound-key-5a90";
    static final double INPUT_PRICE = 0.003;
    static final double OUTPUT_PRICE = 0.015;
    static final double CACHE_READ_PRICE = 0.0003;
    static final double CACHE_WRITE_PRICE = 0.00375;

    @Override
    protected void tenants(Map<String, String> c) {
        tenant(c, "traced", TRACED_KEY + "," + TRACED_KEY_2);
        c.put("router.tenants.traced.max-attempts", "3");
        // failover: an OpenAI endpoint that fails, then an Anthropic one that answers
        endpoint(c, "traced", "fo-a", "openai", wire("fo-a/v1"), "gpt-4o-mini", "m-fo", "0.001", "0.002");
        endpoint(c, "traced", "fo-b", "anthropic", wire("fo-b/v1"), "claude-haiku-4-5", "m-fo", "0.002", "0.002");
        // a converted stream with prompt-cache reads and writes
        endpoint(c, "traced", "cache-a", "anthropic", wire("cache-a/v1"), "claude-sonnet-4-5", "m-cache",
                Double.toString(INPUT_PRICE), Double.toString(OUTPUT_PRICE));
        c.put("router.tenants.traced.endpoints.cache-a.cache-read-price", Double.toString(CACHE_READ_PRICE));
        c.put("router.tenants.traced.endpoints.cache-a.cache-write-price", Double.toString(CACHE_WRITE_PRICE));
        // a stream the caller abandons
        endpoint(c, "traced", "slow-cancel", "openai", slow().url("tcancel/v1"), null, "m-slow", "0.001", "0.002");
        tenant(c, "chatty", CHATTY_KEY);
        c.put("router.tenants.chatty.trace-content", "true");
        endpoint(c, "chatty", "talk-a", "openai", wire("talk-a/v1"), "gpt-4o-mini", "m-talk", "0.001", "0.002");
    }
}
