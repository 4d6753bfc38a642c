package io.llmrouter.service.config;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.core.governance.Governor;
import io.llmrouter.core.governance.LocalStateStore;
import io.llmrouter.core.governance.ScopeLimits;
import io.llmrouter.core.governance.StateStore;
import io.llmrouter.core.governance.StoreFailure;
import io.llmrouter.core.governance.WallClock;
import io.llmrouter.core.routing.CallPolicy;
import io.llmrouter.core.security.SsrfGuard;
import io.llmrouter.core.selection.BreakerEvents;
import io.llmrouter.core.routing.KeyHeaders;
import io.llmrouter.core.selection.EndpointPool;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Builds and validates every tenant at start-up; invalid configuration stops the application with a message naming
 * the property. Afterwards it resolves inbound keys to tenants and keys ({@link KeyIndex}).
 */
@Startup
// @Singleton rather than @ApplicationScoped: used on every call, so no client proxy in front of it.
@Singleton
public class TenantRegistry {

    static final String NO_TENANT = "No tenant is configured. Configure one with router.tenants.<tenant>.api-keys, "
            + "router.tenants.<tenant>.keys.<key>.{protocol,base-url,api-key} and "
            + "router.tenants.<tenant>.endpoints.<endpoint>.{key,model,models,input-price,output-price} "
            + "(or a tenant file in router.tenants-dir), or run the demo with -Dquarkus.profile=demo.";

    private static final Logger LOG = Logger.getLogger(TenantRegistry.class);
    /** Names of inbound keys: they go into metrics, headers, store keys and logs. */
    private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern DIGEST = Pattern.compile("sha256:([0-9A-Fa-f]{64})");

    private final Map<String, Tenant> tenants;
    private final KeyIndex keys;

    /**
     * @param config the router configuration
     * @param ticker clock of every breaker and 429 cooldown ({@link Ticker#SYSTEM} in production, scripted in tests)
     * @param store  where the tenants' limits and budgets count
     * @param clock  the wall clock of windows, budget periods and key expiry
     * @param events where each tenant's pool reports the opens of its breakers
     */
    @Inject
    public TenantRegistry(RouterConfig config, Ticker ticker, StateStore store, WallClock clock, PoolEvents events) {
        Built built = build(config, ticker, store, clock, events);
        this.tenants = built.tenants();
        this.keys = built.keys();
    }

    /** All tenants by name. */
    public Collection<Tenant> tenants() {
        return tenants.values();
    }

    /** The tenant whose inbound key this is, or null (an expired key included). */
    public Tenant resolve(String presentedKey) {
        Identity identity = identify(presentedKey);
        return identity == null ? null : identity.tenant();
    }

    /** The tenant and the inbound key this is, or null; see {@link KeyIndex} for how keys are compared. */
    public Identity identify(String presentedKey) {
        return keys.find(presentedKey);
    }

    /**
     * A caller's tenant and the inbound key it presented (never the key itself).
     *
     * @param tenant the tenant the key selects
     * @param key    the key's name, allow-list, expiry and limits
     */
    public record Identity(Tenant tenant, InboundKey key) {

        /** The key's name: {@code api-keys[i]} for the i-th key of {@code api-keys}, else its configured name. */
        public String keyName() {
            return key.name();
        }
    }

    /** Every tenant by name, and the index of their inbound keys. */
    record Built(Map<String, Tenant> tenants, KeyIndex keys) {
    }

    /** {@link #build(RouterConfig, Ticker, StateStore, WallClock)} on a store of its own and the system clock. */
    static Built build(RouterConfig config, Ticker ticker) {
        return build(config, ticker, new LocalStateStore(WallClock.SYSTEM), WallClock.SYSTEM);
    }

    static Built build(RouterConfig config, Ticker ticker, StateStore store, WallClock clock) {
        return build(config, ticker, store, clock, PoolEvents.NONE);
    }

    static Built build(RouterConfig config, Ticker ticker, StateStore store, WallClock clock, PoolEvents events) {
        if (config.tenants().isEmpty()) {
            throw new ConfigurationException("router.tenants", "is empty. " + NO_TENANT);
        }
        boolean allowPrivate = config.security().allowPrivateUpstreams();
        boolean strict = config.conversion().strict();
        Map<String, Tenant> result = new TreeMap<>();
        Map<String, String> keyOwners = new HashMap<>();
        List<KeyIndex.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, RouterConfig.TenantConfig> e : new TreeMap<>(config.tenants()).entrySet()) {
            String prefix = "router.tenants." + e.getKey();
            Limits limits = new Limits(store, clock, onStoreFailure(config, e.getValue()),
                    config.state().leaseFraction());
            Tenant tenant = tenant(e.getKey(), prefix, e.getValue(), allowPrivate, ticker, limits, keyOwners,
                    new CallPolicy(e.getValue().conversion().strict().orElse(strict)), entries, clock,
                    events.of(e.getKey()));
            result.put(e.getKey(), tenant);
        }
        return new Built(Map.copyOf(result), new KeyIndex(entries));
    }

    /** What a tenant's limits do while the state store cannot be reached: its own setting, else the global one. */
    static StoreFailure onStoreFailure(RouterConfig config, RouterConfig.TenantConfig tenant) {
        return tenant.onStoreFailure().orElse(config.state().onStoreFailure());
    }

    /** The tenants whose limits fail closed, by name: named when the state store becomes unreachable. */
    public static List<String> failingClosed(RouterConfig config) {
        return new TreeMap<>(config.tenants()).entrySet().stream()
                .filter(e -> onStoreFailure(config, e.getValue()) == StoreFailure.FAIL_CLOSED)
                .map(Map.Entry::getKey).toList();
    }

    private static Tenant tenant(String name, String prefix, RouterConfig.TenantConfig tc, boolean allowPrivate,
                                 Ticker ticker, Limits limits, Map<String, String> keyOwners, CallPolicy policy,
                                 List<KeyIndex.Entry> entries, WallClock clock, BreakerEvents events) {
        List<String> inbound = tc.apiKeys().orElse(List.of()).stream().map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        if (inbound.isEmpty() && tc.inboundKeys().isEmpty()) {
            throw new ConfigurationException(prefix + ".api-keys", "is required: at least one inbound key (or one of "
                    + prefix + ".inbound-keys)");
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
        ScopeLimits tenantLimits = limits.of(name, ScopeLimits.TENANT, name, tc.governance(), prefix);
        List<InboundKey> inboundKeys = new ArrayList<>();
        List<byte[]> digests = new ArrayList<>();
        Governor tenantOnly = new Governor(name, tenantLimits, null, clock);
        for (String k : inbound) {
            InboundKey key = new InboundKey("api-keys[" + inboundKeys.size() + "]", null, InboundKey.NEVER, tenantOnly);
            digests.add(owned(KeyIndex.sha256(k), name, key.name(), prefix + ".api-keys", keyOwners));
            inboundKeys.add(key);
        }
        for (Map.Entry<String, RouterConfig.InboundKeyConfig> e : new TreeMap<>(tc.inboundKeys()).entrySet()) {
            String keyPrefix = prefix + ".inbound-keys." + e.getKey();
            InboundKey key = inboundKey(name, e.getKey(), keyPrefix, e.getValue(), tenantLimits, limits, clock);
            byte[] digest = digest(e.getValue().key().orElseThrow(
                    () -> new ConfigurationException(keyPrefix + ".key", "is required")), keyPrefix + ".key");
            digests.add(owned(digest, name, key.name(), keyPrefix + ".key", keyOwners));
            inboundKeys.add(key);
        }
        Tenant tenant = new Tenant(name, new EndpointPool(endpoints, tc.maxAttempts(), ticker, events),
                List.copyOf(models),
                policy, tc.traceContent(), List.copyOf(inboundKeys));
        for (int i = 0; i < inboundKeys.size(); i++) {
            entries.add(new KeyIndex.Entry(digests.get(i), new Identity(tenant, inboundKeys.get(i))));
        }
        return tenant;
    }

    private static InboundKey inboundKey(String tenant, String name, String prefix, RouterConfig.InboundKeyConfig kc,
                                         ScopeLimits tenantLimits, Limits limits, WallClock clock) {
        if (!KEY_NAME.matcher(name).matches() || "api-keys".equals(name)) {
            throw new ConfigurationException(prefix, "is not a valid key name: use 1 to 64 letters, digits, '.', '_' or"
                    + " '-', starting with a letter or digit ('api-keys' is reserved)");
        }
        Set<String> allowed = null;
        if (kc.models().isPresent()) {
            List<String> listed = kc.models().get().stream().map(String::trim).toList();
            if (listed.stream().anyMatch(String::isEmpty)) {
                throw new ConfigurationException(prefix + ".models", "has a blank entry");
            }
            allowed = Set.copyOf(listed);
        }
        long expires = kc.expires().map(v -> Limits.instant(v, prefix + ".expires").toEpochMilli())
                .orElse(InboundKey.NEVER);
        if (expires <= clock.millis()) {
            // Loaded all the same, so that a rotation can be staged; its calls get 401.
            LOG.warnf("Inbound key '%s' of tenant '%s' expired at %s: its calls are refused (401)", name, tenant,
                    Instant.ofEpochMilli(expires));
        }
        ScopeLimits own = limits.of(tenant, ScopeLimits.KEY, name, kc.governance(), prefix);
        return new InboundKey(name, allowed, expires, new Governor(tenant, tenantLimits, own, clock));
    }

    /** The digest of an inbound key as configured: the key itself, or {@code sha256:<64 hex digits>}. */
    private static byte[] digest(String value, String property) {
        String v = value.trim();
        if (v.isEmpty()) {
            throw new ConfigurationException(property, "is empty");
        }
        if (v.regionMatches(true, 0, "sha256:", 0, 7)) {
            Matcher m = DIGEST.matcher("sha256:" + v.substring(7));
            if (!m.matches()) {
                throw new ConfigurationException(property, "must be sha256: followed by 64 hexadecimal digits (the "
                        + "SHA-256 of the key's UTF-8 bytes)");
            }
            return HexFormat.of().parseHex(m.group(1));
        }
        return KeyIndex.sha256(v);
    }

    /** {@code digest}, recorded as owned by {@code tenant/key}; refused when another key has it already. */
    private static byte[] owned(byte[] digest, String tenant, String key, String property,
                                Map<String, String> keyOwners) {
        String owner = keyOwners.putIfAbsent(HexFormat.of().formatHex(digest), "key '" + key + "' of tenant '"
                + tenant + "'");
        if (owner != null) {
            // Never print the key: name its owners only.
            throw new ConfigurationException(property, "repeats an inbound key already used by " + owner
                    + "; inbound keys must select exactly one tenant and key");
        }
        return digest;
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

}
