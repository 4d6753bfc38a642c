package io.llmrouter.service.it;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Starts the upstreams of the routing tests, all on loopback: one WireMock server where every endpoint is a path
 * prefix ({@code /<endpoint>/v1/...}), so calls can be counted per endpoint and errors scripted, and a
 * {@link SlowUpstream} that streams one chunk and then holds the connection (or floods it). Hands back the tenants'
 * configuration:
 *
 * <ul>
 *   <li>{@code acme} (keys {@value #ACME_KEY}, {@value #ACME_KEY_2}): one model per scenario, see {@link #acme};</li>
 *   <li>{@code limited} ({@value #LIMITED_KEY}): 2 requests per minute;</li>
 *   <li>{@code single} ({@value #SINGLE_KEY}): one call in flight at a time;</li>
 *   <li>{@code doomed} ({@value #DOOMED_KEY}): a single endpoint whose breaker opens at the first failure;</li>
 *   <li>{@code gov}: named inbound keys with allow-lists, expiry, limits and budgets, see {@link #gov}.</li>
 * </ul>
 */
public class FakeUpstreams implements QuarkusTestResourceLifecycleManager {

    public static final String ACME_KEY = "acme-inbound-key-1f9c";
    public static final String ACME_KEY_2 = "acme-inbound-key-2b7d";
    public static final String LIMITED_KEY = "limited-inbound-key-44aa";
    public static final String SINGLE_KEY = "single-inbound-key-91ce";
    public static final String DOOMED_KEY = "doomed-inbound-key-03de";
    /** Named keys of tenant {@code gov}: {@code ci} is configured by its SHA-256 only. */
    public static final String GOV_CI_KEY = "gov-ci-key-7a21";
    public static final String GOV_OLD_KEY = "gov-old-key-5c10";
    public static final String GOV_RPM_KEY = "gov-rpm-key-19d3";
    public static final String GOV_TPM_KEY = "gov-tpm-key-8e44";
    public static final String GOV_SPENT_KEY = "gov-spent-key-2f70";
    public static final String GOV_SOFT_KEY = "gov-soft-key-b61c";
    /** The upstream credential every fake endpoint is configured with; must never reach a client or the metrics. */
    public static final String UPSTREAM_SECRET = "upstream-secret-5e6f";

    private WireMockServer wireMock;
    private SlowUpstream slow;

    @Override
    public Map<String, String> start() {
        wireMock = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wireMock.start();
        slow = SlowUpstream.start();
        Map<String, String> c = new LinkedHashMap<>();
        tenants(c);
        return c;
    }

    /** The tenants on these upstreams, as configuration properties. */
    protected void tenants(Map<String, String> c) {
        acme(c);
        tenant(c, "limited", LIMITED_KEY);
        c.put("router.tenants.limited.requests-per-minute", "2");
        // a public name with a slash, as Hugging Face's and OpenRouter's are
        endpoint(c, "limited", "lim-a", "openai", wire("lim-a/v1"), null, "m-lim,org/m-lim", "0.001", "0.002");
        tenant(c, "single", SINGLE_KEY);
        c.put("router.tenants.single.max-concurrent", "1");
        endpoint(c, "single", "conc-slow", "openai", slow.url("conc/v1"), null, "m-slow", "0.001", "0.002");
        endpoint(c, "single", "conc-quick", "openai", wire("conc-quick/v1"), null, "m-quick", "0.001", "0.002");
        tenant(c, "doomed", DOOMED_KEY);
        endpoint(c, "doomed", "doom-a", "openai", wire("doom-a/v1"), null, "m-doom", "0.001", "0.002");
        breaker(c, "doomed", "doom-a", 1, "1h");
        gov(c);
    }

    /**
     * Tenant {@code gov}: only named keys. {@code ci} (by digest) may call {@code m-gov} only; {@code old} expired;
     * {@code rpm} 1 request per minute; {@code tpm} 25 tokens per minute; {@code spent} a budget of USD 0.00001 a month
     * (one call spends it); {@code soft} USD 0.001 a month, soft at 1 % with a downgrade to USD 0.002 per 1K input
     * tokens. {@code m-gov} has a cheap and a dear endpoint, {@code m-gov-dear} only the dear one.
     */
    private void gov(Map<String, String> c) {
        String k = "router.tenants.gov.inbound-keys.";
        c.put(k + "ci.key", "sha256:" + HexFormat.of().formatHex(sha256(GOV_CI_KEY)).toUpperCase(Locale.ROOT));
        c.put(k + "ci.models", "m-gov");
        c.put(k + "old.key", GOV_OLD_KEY);
        c.put(k + "old.expires", "2026-01-01T00:00:00Z");
        c.put(k + "rpm.key", GOV_RPM_KEY);
        c.put(k + "rpm.requests-per-minute", "1");
        c.put(k + "tpm.key", GOV_TPM_KEY);
        c.put(k + "tpm.tokens-per-minute", "25");
        c.put(k + "spent.key", GOV_SPENT_KEY);
        c.put(k + "spent.budget.usd", "0.00001");
        c.put(k + "soft.key", GOV_SOFT_KEY);
        c.put(k + "soft.budget.usd", "0.001");
        c.put(k + "soft.budget.soft-percent", "1");
        c.put(k + "soft.budget.downgrade-max-input-price", "0.002");
        endpoint(c, "gov", "gov-cheap", "openai", wire("gov-cheap/v1"), null, "m-gov", "0.001", "0.002");
        endpoint(c, "gov", "gov-dear", "openai", wire("gov-dear/v1"), null, "m-gov,m-gov-dear", "0.01", "0.02");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Tenant {@code acme}: each scenario has its own public model and endpoints, so the scenarios' breakers and
     * cooldowns do not meet.
     */
    private void acme(Map<String, String> c) {
        tenant(c, "acme", ACME_KEY + "," + ACME_KEY_2);
        c.put("router.tenants.acme.max-attempts", "3");
        // cheapest wins
        endpoint(c, "acme", "cheap-a", "openai", wire("cheap-a/v1"), null, "m-cheap", "0.001", "0.002");
        endpoint(c, "acme", "cheap-b", "openai", wire("cheap-b/v1"), null, "m-cheap", "0.01", "0.02");
        // equal prices share load
        endpoint(c, "acme", "share-a", "openai", wire("share-a/v1"), null, "m-share", "0.002", "0.004");
        endpoint(c, "acme", "share-b", "openai", wire("share-b/v1"), null, "m-share", "0.002", "0.004");
        // 503 failover, breaker and probe (a Gemini upstream behind an OpenAI client)
        endpoint(c, "acme", "fail-a", "gemini", wire("fail-a/v1beta"), "gemini-2.0-flash", "m-fail", "0.001", "0.002");
        breaker(c, "acme", "fail-a", 3, "30s");
        endpoint(c, "acme", "fail-b", "openai", wire("fail-b/v1"), null, "m-fail", "0.005", "0.01");
        // upstream 401
        endpoint(c, "acme", "auth-a", "openai", wire("auth-a/v1"), null, "m-auth", "0.001", "0.002");
        breaker(c, "acme", "auth-a", 3, "1h");
        endpoint(c, "acme", "auth-b", "openai", wire("auth-b/v1"), null, "m-auth", "0.005", "0.01");
        // 429 with Retry-After
        endpoint(c, "acme", "rl-a", "openai", wire("rl-a/v1"), null, "m-429", "0.001", "0.002");
        endpoint(c, "acme", "rl-b", "openai", wire("rl-b/v1"), null, "m-429", "0.005", "0.01");
        endpoint(c, "acme", "rla-a", "openai", wire("rla-a/v1"), null, "m-429all", "0.001", "0.002");
        endpoint(c, "acme", "rla-b", "openai", wire("rla-b/v1"), null, "m-429all", "0.005", "0.01");
        // caller's 400 (an Anthropic upstream behind an OpenAI client)
        endpoint(c, "acme", "bad-a", "anthropic", wire("bad-a/v1"), "claude-haiku-4-5", "m-400", "0.001", "0.002");
        endpoint(c, "acme", "bad-b", "openai", wire("bad-b/v1"), null, "m-400", "0.005", "0.01");
        // single endpoint that opens at once: 502, then 503
        endpoint(c, "acme", "open-a", "openai", wire("open-a/v1"), null, "m-open", "0.001", "0.002");
        breaker(c, "acme", "open-a", 1, "1h");
        // attempts exhausted
        endpoint(c, "acme", "ex-a", "openai", wire("ex-a/v1"), null, "m-502", "0.001", "0.002");
        breaker(c, "acme", "ex-a", 10, "1h");
        endpoint(c, "acme", "ex-b", "openai", wire("ex-b/v1"), null, "m-502", "0.005", "0.01");
        breaker(c, "acme", "ex-b", 10, "1h");
        // streamed failover
        endpoint(c, "acme", "st-a", "openai", wire("st-a/v1"), null, "m-stream", "0.001", "0.002");
        endpoint(c, "acme", "st-b", "openai", wire("st-b/v1"), null, "m-stream", "0.005", "0.01");
        // an answer without usage
        endpoint(c, "acme", "nu-a", "openai", wire("nu-a/v1"), null, "m-nousage", "0.001", "0.002");
        // an upstream that redirects (SSRF: never followed)
        endpoint(c, "acme", "redir-a", "openai", wire("redir-a/v1"), null, "m-redirect", "0.001", "0.002");
        endpoint(c, "acme", "redir-b", "openai", wire("redir-b/v1"), null, "m-redirect", "0.005", "0.01");
        // upstream 401 everywhere, quoting the refused key as providers do
        endpoint(c, "acme", "key-a", "openai", wire("key-a/v1"), null, "m-401all", "0.001", "0.002");
        endpoint(c, "acme", "key-b", "openai", wire("key-b/v1"), null, "m-401all", "0.005", "0.01");
        // the caller's model passed through: a breaker per model
        endpoint(c, "acme", "pt-a", "openai", wire("pt-a/v1"), null, "m-pt1,m-pt2", "0.001", "0.002");
        endpoint(c, "acme", "pt-b", "openai", wire("pt-b/v1"), "gpt-4o-mini", "m-pt1,m-pt2", "0.005", "0.01");
        // client disconnect
        endpoint(c, "acme", "slow-cancel", "openai", slow.url("cancel/v1"), null, "m-slow", "0.001", "0.002");
        // a caller that stops reading a stream whose upstream would send far more
        endpoint(c, "acme", "flood", "openai", slow.url("flood/v1"), null, "m-flood", "0.001", "0.002");
        // streams that end, one after the other
        endpoint(c, "acme", "whole", "openai", slow.url("whole/v1"), null, "m-whole", "0.001", "0.002");
        // an embeddings model
        endpoint(c, "acme", "emb-a", "openai", wire("emb-a/v1"), null, "m-embed", "0.0001", "0");
        c.put("router.tenants.acme.endpoints.emb-a.kind", "embeddings");
        // what the model lists say of one model
        String m = "router.tenants.acme.models.m-cheap.";
        c.put(m + "display-name", "Cheap Model");
        c.put(m + "created", "2025-05-14T00:00:00Z");
        c.put(m + "version", "001");
        c.put(m + "input-token-limit", "128000");
        c.put(m + "output-token-limit", "8192");
    }

    /** The URL of {@code path} on the WireMock upstream. */
    protected String wire(String path) {
        return "http://127.0.0.1:" + wireMock.port() + "/" + path;
    }

    static void tenant(Map<String, String> c, String tenant, String keys) {
        c.put("router.tenants." + tenant + ".api-keys", keys);
    }

    /** An endpoint with a key of the same name. */
    static void endpoint(Map<String, String> c, String tenant, String name, String protocol, String baseUrl,
                                 String model, String models, String inputPrice, String outputPrice) {
        String k = "router.tenants." + tenant + ".keys." + name + ".";
        c.put(k + "protocol", protocol);
        c.put(k + "base-url", baseUrl);
        c.put(k + "api-key", UPSTREAM_SECRET);
        String e = "router.tenants." + tenant + ".endpoints." + name + ".";
        c.put(e + "key", name);
        if (model != null) {
            c.put(e + "model", model);
        }
        c.put(e + "models", models);
        c.put(e + "input-price", inputPrice);
        c.put(e + "output-price", outputPrice);
    }

    private static void breaker(Map<String, String> c, String tenant, String name, int threshold, String recovery) {
        String b = "router.tenants." + tenant + ".endpoints." + name + ".breaker.";
        c.put(b + "threshold", Integer.toString(threshold));
        c.put(b + "recovery-timeout", recovery);
    }

    /** The streaming upstream that holds its streams open. */
    protected SlowUpstream slow() {
        return slow;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(wireMock, new TestInjector.MatchesType(WireMockServer.class));
        injector.injectIntoFields(slow, new TestInjector.MatchesType(SlowUpstream.class));
    }

    @Override
    public void stop() {
        if (wireMock != null) {
            wireMock.stop();
        }
        if (slow != null) {
            slow.close();
        }
    }
}
