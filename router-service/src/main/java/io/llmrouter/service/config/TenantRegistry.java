package io.llmrouter.service.config;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.core.security.SsrfGuard;
import io.llmrouter.core.routing.CallPolicy;
import io.llmrouter.core.routing.KeyHeaders;
import io.llmrouter.core.selection.EndpointPool;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds and validates every tenant at start-up; invalid configuration stops the application with a message naming
 * the property. Afterwards it resolves inbound keys to tenants in constant time.
 */
@Startup
// @Singleton rather than @ApplicationScoped: used on every call, so no client proxy in front of it.
@Singleton
public class TenantRegistry {

    static final String NO_TENANT = "No tenant is configured. Configure one with router.tenants.<tenant>.api-keys, "
            + "router.tenants.<tenant>.keys.<key>.{protocol,base-url,api-key} and "
            + "router.tenants.<tenant>.endpoints.<endpoint>.{key,model,models,input-price,output-price} "
            + "(or a tenant file in router.tenants-dir), or run the demo with -Dquarkus.profile=demo.";

    /**
     * One digest per thread: {@code MessageDigest.getInstance} looks the algorithm up in the provider list on every
     * call, which showed up in the request path's profile. {@code digest} resets the instance for the next use.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    });

    private final Map<String, Tenant> tenants;

    /**
     * @param config the router configuration
     * @param ticker clock of every breaker and 429 cooldown ({@link Ticker#SYSTEM} in production, scripted in tests)
     */
    @Inject
    public TenantRegistry(RouterConfig config, Ticker ticker) {
        this.tenants = build(config, ticker);
    }

    /** All tenants by name. */
    public Collection<Tenant> tenants() {
        return tenants.values();
    }

    /**
     * The tenant whose inbound key this is, or null. Every stored digest is compared with
     * {@link MessageDigest#isEqual} and the scan never stops early, so timing does not tell which key nearly matched.
     */
    public Tenant resolve(String presentedKey) {
        Identity identity = identify(presentedKey);
        return identity == null ? null : identity.tenant();
    }

    /**
     * The tenant and the name of the inbound key this is, or null; compared as {@link #resolve} compares.
     */
    public Identity identify(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return null;
        }
        byte[] digest = sha256(presentedKey);
        Identity found = null;
        for (Tenant t : tenants.values()) {
            List<byte[]> digests = t.keyDigests();
            for (int i = 0; i < digests.size(); i++) {
                if (MessageDigest.isEqual(digests.get(i), digest) && found == null) {
                    found = new Identity(t, t.keyNames().get(i));
                }
            }
        }
        return found;
    }

    /**
     * A caller's tenant and the name of the inbound key it presented (never the key).
     *
     * @param tenant  the tenant the key selects
     * @param keyName the key's name: {@code api-keys[i]} for the i-th key of {@code api-keys}
     */
    public record Identity(Tenant tenant, String keyName) {
    }

    static Map<String, Tenant> build(RouterConfig config, Ticker ticker) {
        if (config.tenants().isEmpty()) {
            throw new ConfigurationException("router.tenants", "is empty. " + NO_TENANT);
        }
        boolean allowPrivate = config.security().allowPrivateUpstreams();
        boolean strict = config.conversion().strict();
        Map<String, Tenant> result = new TreeMap<>();
        Map<String, String> keyOwners = new HashMap<>();
        for (Map.Entry<String, RouterConfig.TenantConfig> e : new TreeMap<>(config.tenants()).entrySet()) {
            String prefix = "router.tenants." + e.getKey();
            result.put(e.getKey(), tenant(e.getKey(), prefix, e.getValue(), allowPrivate, ticker, keyOwners,
                    new CallPolicy(e.getValue().conversion().strict().orElse(strict))));
        }
        return Map.copyOf(result);
    }

    private static Tenant tenant(String name, String prefix, RouterConfig.TenantConfig tc, boolean allowPrivate,
                                 Ticker ticker, Map<String, String> keyOwners, CallPolicy policy) {
        List<String> inbound = tc.apiKeys().orElse(List.of()).stream().map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        if (inbound.isEmpty()) {
            throw new ConfigurationException(prefix + ".api-keys", "is required: at least one inbound key");
        }
        List<byte[]> digests = new ArrayList<>();
        List<String> keyNames = new ArrayList<>();
        for (String k : inbound) {
            keyNames.add("api-keys[" + keyNames.size() + "]");
            String hex = HexFormat.of().formatHex(sha256(k));
            String owner = keyOwners.putIfAbsent(hex, name);
            if (owner != null) {
                // Never print the key: name the tenants only.
                throw new ConfigurationException(prefix + ".api-keys", "repeats an inbound key already used by tenant '"
                        + owner + "'; inbound keys must select exactly one tenant");
            }
            digests.add(sha256(k));
        }
        if (tc.maxAttempts() < 1) {
            throw new ConfigurationException(prefix + ".max-attempts", "must be at least 1, got " + tc.maxAttempts());
        }
        Map<String, Key> keys = new HashMap<>();
        for (Map.Entry<String, RouterConfig.KeyConfig> k : tc.keys().entrySet()) {
            keys.put(k.getKey(), key(prefix + ".keys." + k.getKey(), k.getValue(), allowPrivate));
        }
        if (tc.endpoints().isEmpty()) {
            throw new ConfigurationException(prefix + ".endpoints", "is empty: configure at least one endpoint");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        LinkedHashSet<String> models = new LinkedHashSet<>();
        for (Map.Entry<String, RouterConfig.EndpointConfig> en : new TreeMap<>(tc.endpoints()).entrySet()) {
            String ep = prefix + ".endpoints." + en.getKey();
            Endpoint endpoint = endpoint(en.getKey(), ep, en.getValue(), keys, prefix);
            endpoints.add(endpoint);
            models.addAll(endpoint.models());
            if (endpoint.models().isEmpty() && endpoint.model() != null && !endpoint.model().isBlank()) {
                models.add(endpoint.model());
            }
        }
        Guard rateLimit = tc.requestsPerMinute().map(rpm -> {
            if (rpm < 1) {
                throw new ConfigurationException(prefix + ".requests-per-minute", "must be at least 1, got " + rpm);
            }
            return Guard.create().withDescription("tenant " + name + " requests-per-minute")
                    .withRateLimit().limit(rpm).window(1, ChronoUnit.MINUTES).done()
                    .withThreadOffload(false).build();
        }).orElse(null);
        ConcurrencyLimit concurrency = tc.maxConcurrent().map(n -> {
            if (n < 1) {
                throw new ConfigurationException(prefix + ".max-concurrent", "must be at least 1, got " + n);
            }
            return new ConcurrencyLimit(n);
        }).orElse(null);
        return new Tenant(name, List.copyOf(digests), new EndpointPool(endpoints, tc.maxAttempts(), ticker),
                List.copyOf(models), rateLimit, concurrency, policy, List.copyOf(keyNames), tc.traceContent());
    }

    private static Key key(String prefix, RouterConfig.KeyConfig kc, boolean allowPrivate) {
        Protocol protocol;
        try {
            protocol = Protocol.fromConfig(kc.protocol().orElseThrow(
                    () -> new ConfigurationException(prefix + ".protocol", "is required")));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(prefix + ".protocol", e.getMessage());
        }
        Set<String> forward = new LinkedHashSet<>();
        kc.forwardHeaders().orElse(List.of()).stream().map(String::trim).filter(n -> !n.isEmpty())
                .forEach(forward::add);
        Key key = new Key(protocol, kc.baseUrl().orElse(null), kc.apiKey().orElse(null), kc.apiVersion().orElse(null),
                kc.headers(), forward);
        try {
            SsrfGuard.validate(key, allowPrivate);
            KeyHeaders.check(key);
        } catch (ConfigurationException e) {
            throw e.under(prefix);
        }
        return key;
    }

    private static Endpoint endpoint(String name, String prefix, RouterConfig.EndpointConfig ec, Map<String, Key> keys,
                                     String tenantPrefix) {
        String keyName = ec.key().orElseThrow(() -> new ConfigurationException(prefix + ".key", "is required"));
        Key key = keys.get(keyName);
        if (key == null) {
            throw new ConfigurationException(prefix + ".key", "refers to '" + keyName + "', which is not defined under "
                    + tenantPrefix + ".keys");
        }
        CircuitBreakerConfig breaker;
        try {
            breaker = new CircuitBreakerConfig(ec.breaker().threshold(), ec.breaker().recoveryTimeout());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(prefix + ".breaker", e.getMessage());
        }
        List<String> served = ec.models().orElse(List.of()).stream().map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        Endpoint endpoint = new Endpoint(name, key, ec.model().map(String::trim).orElse(null),
                new LinkedHashSet<>(served), ec.inputPrice(), ec.outputPrice(), breaker,
                ec.cacheReadPrice().orElse(ec.inputPrice()), ec.cacheWritePrice().orElse(ec.inputPrice()));
        try {
            return endpoint.validate();
        } catch (ConfigurationException e) {
            throw e.under(prefix);
        }
    }

    static byte[] sha256(String s) {
        return SHA_256.get().digest(s.getBytes(StandardCharsets.UTF_8));
    }
}
