package io.llmrouter.service.config;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.EndpointKind;
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
import io.llmrouter.core.routing.EndpointKinds;
import io.llmrouter.core.routing.KeyHeaders;
import io.quarkus.runtime.Startup;
import io.smallrye.config.SmallRyeConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The tenants, as the last load of the configuration made them ({@link TenantSnapshot}): built and validated at
 * start-up, where invalid configuration stops the application with a message naming the property (and the tenant
 * file); rebuilt by {@link #reload} when the tenant files of {@code router.tenants-dir} change, taking over breakers
 * and meters ({@link Carryover}). Resolves inbound keys to tenants and keys ({@link KeyIndex}) in the current
 * snapshot; a call keeps what it resolved to its end.
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

    private final Ticker ticker;
    private final StateStore store;
    private final WallClock clock;
    private final PoolEvents events;
    private final TenantSource source;
    private final Path dir;
    private final AtomicReference<TenantSnapshot> snapshot = new AtomicReference<>();
    private final List<BiConsumer<TenantSnapshot, TenantSnapshot>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param config  the router configuration
     * @param running the application's configuration, which tenant files are read with ({@link TenantSource})
     * @param ticker  clock of every breaker and 429 cooldown ({@link Ticker#SYSTEM} in production, scripted in tests)
     * @param store   where the tenants' limits and budgets count
     * @param clock   the wall clock of windows, budget periods and key expiry
     * @param events  where each tenant's pool reports the opens of its breakers
     */
    @Inject
    public TenantRegistry(RouterConfig config, Config running, Ticker ticker, StateStore store, WallClock clock,
                          PoolEvents events) {
        this.ticker = ticker;
        this.store = store;
        this.clock = clock;
        this.events = events;
        this.source = new TenantSource(running.unwrap(SmallRyeConfig.class));
        this.dir = config.tenantsDir().map(String::trim).filter(d -> !d.isEmpty()).map(Path::of).orElse(null);
        TenantFiles files = dir == null ? null : TenantFiles.read(dir);
        snapshot.set(load(1, files == null ? config : source.load(files), files, Carryover.none()));
    }

    /** All tenants of the current snapshot. */
    public Collection<Tenant> tenants() {
        return snapshot.get().tenants().values();
    }

    /** The tenants as the last load made them. */
    public TenantSnapshot snapshot() {
        return snapshot.get();
    }

    /** The directory of tenant files, or null when {@code router.tenants-dir} is not set. */
    public Path dir() {
        return dir;
    }

    /** The tenants whose limits fail closed, by name: named when the state store becomes unreachable. */
    public List<String> failingClosed() {
        return snapshot.get().failingClosed();
    }

    /**
     * Tells {@code listener} of every snapshot that replaces another, with the one it replaced, once it is in place
     * (on the thread that reloaded).
     */
    public void onReload(BiConsumer<TenantSnapshot, TenantSnapshot> listener) {
        listeners.add(listener);
    }

    /**
     * Makes {@code files} the tenants, when they load and validate: new calls see the new snapshot, calls in flight
     * finish on the one they started with. Nothing changes when they do not.
     *
     * @return the new snapshot
     * @throws ConfigurationException naming the property and the tenant file of the first problem
     */
    public synchronized TenantSnapshot reload(TenantFiles files) {
        TenantSnapshot previous = snapshot.get();
        Carryover carryover = Carryover.from(previous);
        TenantSnapshot next = load(previous.generation() + 1, source.load(files), files, carryover);
        snapshot.set(next);
        carryover.retireReplaced();
        listeners.forEach(l -> l.accept(previous, next));
        return next;
    }

    private TenantSnapshot load(long generation, RouterConfig config, TenantFiles files, Carryover carryover) {
        try {
            Built built = build(config, ticker, store, clock, events, carryover);
            return new TenantSnapshot(generation, built.tenants(), built.keys(), failingClosed(config),
                    carryover.meters(), carryover.slots(), files, Instant.ofEpochMilli(clock.millis()));
        } catch (ConfigurationException e) {
            throw files == null ? e : TenantSource.located(files, e);
        }
    }

    /** The tenant whose inbound key this is, or null (an expired key included). */
    public Tenant resolve(String presentedKey) {
        Identity identity = identify(presentedKey);
        return identity == null ? null : identity.tenant();
    }

    /** The tenant and the inbound key this is, or null; see {@link KeyIndex} for how keys are compared. */
    public Identity identify(String presentedKey) {
        return snapshot.get().keys().find(presentedKey);
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
        return build(config, ticker, store, clock, PoolEvents.NONE, Carryover.none());
    }

    static Built build(RouterConfig config, Ticker ticker, StateStore store, WallClock clock, PoolEvents events,
                       Carryover carryover) {
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
                    config.state().leaseFraction(), carryover);
            Tenant tenant = tenant(e.getKey(), prefix, e.getValue(), allowPrivate, ticker, limits, keyOwners,
                    new CallPolicy(e.getValue().conversion().strict().orElse(strict)), entries, clock,
                    events.of(e.getKey()), carryover);
            result.put(e.getKey(), tenant);
        }
        return new Built(Map.copyOf(result), new KeyIndex(entries));
    }

    /** What a tenant's limits do while the state store cannot be reached: its own setting, else the global one. */
    static StoreFailure onStoreFailure(RouterConfig config, RouterConfig.TenantConfig tenant) {
        return tenant.onStoreFailure().orElse(config.state().onStoreFailure());
    }

    /** The tenants of {@code config} whose limits fail closed, by name. */
    static List<String> failingClosed(RouterConfig config) {
        return new TreeMap<>(config.tenants()).entrySet().stream()
                .filter(e -> onStoreFailure(config, e.getValue()) == StoreFailure.FAIL_CLOSED)
                .map(Map.Entry::getKey).toList();
    }

    private static Tenant tenant(String name, String prefix, RouterConfig.TenantConfig tc, boolean allowPrivate,
                                 Ticker ticker, Limits limits, Map<String, String> keyOwners, CallPolicy policy,
                                 List<KeyIndex.Entry> entries, WallClock clock, BreakerEvents events,
                                 Carryover carryover) {
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
        // The public names, each with what its endpoints serve it for.
        Map<String, Set<EndpointKind>> models = new LinkedHashMap<>();
        for (Map.Entry<String, RouterConfig.EndpointConfig> en : new TreeMap<>(tc.endpoints()).entrySet()) {
            String ep = prefix + ".endpoints." + en.getKey();
            Endpoint endpoint = endpoint(en.getKey(), ep, en.getValue(), keys, prefix);
            endpoints.add(endpoint);
            for (String model : endpoint.models()) {
                models.computeIfAbsent(model, m -> EnumSet.noneOf(EndpointKind.class)).add(endpoint.kind());
            }
            if (endpoint.models().isEmpty() && endpoint.model() != null && !endpoint.model().isBlank()) {
                models.computeIfAbsent(endpoint.model(), m -> EnumSet.noneOf(EndpointKind.class))
                        .add(endpoint.kind());
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
        Map<String, PublicModel> catalog = catalog(prefix, tc.models(), models);
        Tenant tenant = new Tenant(name, carryover.pool(name, endpoints, tc.maxAttempts(), ticker, events),
                catalog.values().stream().sorted(PublicModel.LISTING).map(PublicModel::id).toList(),
                policy, tc.traceContent(), List.copyOf(inboundKeys), catalog);
        for (int i = 0; i < inboundKeys.size(); i++) {
            entries.add(new KeyIndex.Entry(digests.get(i), new Identity(tenant, inboundKeys.get(i))));
        }
        return tenant;
    }

    /**
     * What the model lists say of each public model (given with the kinds of its endpoints): its
     * {@code models.<model>} entry, else its name alone. An entry for a name no endpoint serves stops the start-up: a
     * typo would otherwise go unnoticed.
     */
    static Map<String, PublicModel> catalog(String prefix, Map<String, RouterConfig.ModelConfig> configured,
                                            Map<String, Set<EndpointKind>> publicModels) {
        for (String model : new TreeMap<>(configured).keySet()) {
            if (!publicModels.containsKey(model)) {
                throw new ConfigurationException(prefix + ".models." + model, "names a model none of the tenant's "
                        + "endpoints serves; its public models are " + publicModels.keySet());
            }
        }
        Map<String, PublicModel> catalog = new HashMap<>();
        for (Map.Entry<String, Set<EndpointKind>> e : publicModels.entrySet()) {
            String model = e.getKey();
            Set<EndpointKind> kinds = e.getValue();
            RouterConfig.ModelConfig mc = configured.get(model);
            catalog.put(model, mc == null ? new PublicModel(model, model, 0, null, null, null, kinds)
                    : publicModel(model, prefix + ".models." + model, mc, kinds));
        }
        return Map.copyOf(catalog);
    }

    private static PublicModel publicModel(String model, String prefix, RouterConfig.ModelConfig mc,
                                           Set<EndpointKind> kinds) {
        String displayName = text(mc.displayName(), prefix + ".display-name", 256).orElse(model);
        long created = mc.created().map(v -> Limits.instant(v, prefix + ".created").getEpochSecond()).orElse(0L);
        if (created < 0) {
            throw new ConfigurationException(prefix + ".created", "must not be before 1970-01-01T00:00:00Z");
        }
        return new PublicModel(model, displayName, created, text(mc.version(), prefix + ".version", 64).orElse(null),
                Limits.positive(mc.inputTokenLimit(), prefix + ".input-token-limit").orElse(null),
                Limits.positive(mc.outputTokenLimit(), prefix + ".output-token-limit").orElse(null), kinds);
    }

    /** A configured text, trimmed: not blank, at most {@code max} characters. */
    private static Optional<String> text(Optional<String> value, String property, int max) {
        return value.map(v -> {
            String t = v.trim();
            if (t.isEmpty() || t.length() > max) {
                throw new ConfigurationException(property, "must be 1 to " + max + " characters, got " + t.length());
            }
            return t;
        });
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
                ec.cacheReadPrice().orElse(ec.inputPrice()), ec.cacheWritePrice().orElse(ec.inputPrice()), ec.kind());
        try {
            EndpointKinds.check(endpoint.validate());
            return endpoint;
        } catch (ConfigurationException e) {
            throw e.under(prefix);
        }
    }

}
