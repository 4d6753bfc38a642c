package io.llmrouter.core.governance;

import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One inbound key's checks across its two scopes, the tenant's and the key's own. Admission has two stages: before the
 * body is parsed, concurrency and requests per minute ({@link #admit}); once the request is decoded and planned,
 * tokens and budget ({@link Settlement#reserve}). Cheapest and most likely refusal first; a refusal gives back what
 * the call held, so refused calls count against nothing. Built once per key and shared by its calls: a call
 * allocates only its {@link Settlement}.
 */
public final class Governor {

    private static final long SECOND = 1000;

    private final String tenant;
    private final ScopeLimits[] scopes;
    private final WallClock clock;
    private final boolean governs;

    /**
     * @param tenantLimits the tenant's own limits; null when it sets none
     * @param keyLimits    the key's own limits; null when it sets none
     */
    public Governor(String tenant, ScopeLimits tenantLimits, ScopeLimits keyLimits, WallClock clock) {
        this.tenant = tenant;
        this.scopes = new ScopeLimits[] {tenantLimits != null && tenantLimits.any() ? tenantLimits : null,
                keyLimits != null && keyLimits.any() ? keyLimits : null};
        this.clock = clock;
        this.governs = scopes[0] != null || scopes[1] != null;
    }

    /** Whether any limit applies; a call of a key without one skips governance altogether. */
    public boolean governs() {
        return governs;
    }

    public String tenant() {
        return tenant;
    }

    ScopeLimits scope(int i) {
        return scopes[i];
    }

    /** The limits that apply, the tenant's first, then the key's own: for metrics and upkeep, not per call. */
    public List<ScopeLimits> scopes() {
        return Arrays.stream(scopes).filter(Objects::nonNull).toList();
    }

    /** Stage A: concurrency, then requests per minute, for the tenant and then the key. */
    public Uni<Pass> admit() {
        return stageA(new Settlement(this, clock.millis()), 0);
    }

    private Uni<Pass> stageA(Settlement s, int from) {
        for (int step = from; step < 4; step++) {
            int i = step & 1;
            ScopeLimits scope = scopes[i];
            if (scope == null) {
                continue;
            }
            int next = step + 1;
            if (step < 2) {
                SlotMeter slots = scope.concurrent();
                if (slots == null) {
                    continue;
                }
                if (slots.tryAcquire()) {
                    s.slots[i] = slots;
                    continue;
                }
                return slots.acquire().flatMap(v -> {
                    if (v != SlotMeter.Verdict.ADMITTED) {
                        return refuse(s, v == SlotMeter.Verdict.FULL ? Refusal.MAX_CONCURRENT
                                : Refusal.STORE_UNAVAILABLE, scope);
                    }
                    s.slots[i] = slots;
                    return stageA(s, next);
                });
            }
            Meter requests = scope.requests();
            if (requests == null) {
                continue;
            }
            Meter.Lease l = requests.tryTake(1, s.admittedAt);
            if (l != null) {
                s.requests[i] = l;
                continue;
            }
            return requests.take(1, s.admittedAt).flatMap(taken -> {
                if (taken == null || taken == Meter.UNAVAILABLE) {
                    return refuse(s, taken == null ? Refusal.REQUESTS_PER_MINUTE : Refusal.STORE_UNAVAILABLE, scope);
                }
                s.requests[i] = taken;
                return stageA(s, next);
            });
        }
        return Uni.createFrom().item(new Pass.Admitted(s));
    }

    /** Stage B: tokens per minute, then budgets, for the tenant and then the key. */
    Uni<Pass> stageB(Settlement s, int from, long tokens, long costNanos) {
        for (int step = from; step < 4; step++) {
            int i = step & 1;
            ScopeLimits scope = scopes[i];
            if (scope == null) {
                continue;
            }
            boolean isTokens = step < 2;
            Meter meter = isTokens ? scope.tokens() : scope.budget();
            if (meter == null) {
                continue;
            }
            long n = Math.max(isTokens ? 1 : 0, isTokens ? tokens : costNanos);
            Meter.Lease l = meter.tryTake(n, s.admittedAt);
            if (l != null) {
                reserved(s, isTokens, i, l, n);
                continue;
            }
            int next = step + 1;
            return meter.take(n, s.admittedAt).flatMap(taken -> {
                if (taken == null || taken == Meter.UNAVAILABLE) {
                    return refuse(s, taken == Meter.UNAVAILABLE ? Refusal.STORE_UNAVAILABLE
                            : isTokens ? Refusal.TOKENS_PER_MINUTE : Refusal.BUDGET, scope);
                }
                reserved(s, isTokens, i, taken, n);
                return stageB(s, next, tokens, costNanos);
            });
        }
        return Uni.createFrom().item(new Pass.Admitted(s));
    }

    private static void reserved(Settlement s, boolean tokens, int i, Meter.Lease l, long n) {
        if (tokens) {
            s.tokens[i] = l;
            s.tokensReserved[i] = n;
        } else {
            s.budget[i] = l;
            s.budgetReserved[i] = n;
        }
    }

    /** Records in {@code s} which budgets are past their soft threshold. */
    void soft(Settlement s) {
        for (int i = 0; i < 2; i++) {
            ScopeLimits scope = scopes[i];
            if (scope == null || scope.budget() == null) {
                continue;
            }
            double percent = scope.budget().used() * 100;
            if (percent >= scope.softPercent()) {
                s.soft(scope.scope(), percent, scope.budget().window().end(s.admittedAt),
                        scope.downgradeMaxInputPrice());
            }
        }
    }

    private Uni<Pass> refuse(Settlement s, Refusal reason, ScopeLimits scope) {
        s.cancel();
        return Uni.createFrom().item(refusal(reason, scope, s.admittedAt));
    }

    /** The refusal of {@code reason} by {@code scope}'s limit at {@code now}: message, Retry-After, reset. */
    Pass.Refused refusal(Refusal reason, ScopeLimits scope, long now) {
        String whose = ScopeLimits.TENANT.equals(scope.scope()) ? "this tenant" : "key '" + scope.name() + "'";
        return switch (reason) {
            case REQUESTS_PER_MINUTE -> new Pass.Refused(reason, scope.scope(), "Rate limit of " + whose
                    + " exceeded (" + scope.requests().limit() + " requests per minute)",
                    untilEnd(scope.requests().window(), now), -1);
            case TOKENS_PER_MINUTE -> new Pass.Refused(reason, scope.scope(), "Token rate limit of " + whose
                    + " exceeded (" + scope.tokens().limit() + " tokens per minute)",
                    untilEnd(scope.tokens().window(), now), -1);
            case MAX_CONCURRENT -> new Pass.Refused(reason, scope.scope(), "Too many concurrent requests for "
                    + whose + " (at most " + scope.concurrent().max() + ")", SECOND, -1);
            case BUDGET -> {
                Window w = scope.budget().window();
                long resets = w.end(now);
                yield new Pass.Refused(reason, scope.scope(), "Budget exceeded: USD " + amount(Units.usd(
                        scope.budget().limit())) + " per " + w.label() + " for " + budgetOwner(scope)
                        + "; it resets at " + Instant.ofEpochMilli(resets), Math.max(SECOND, resets - now), resets);
            }
            case STORE_UNAVAILABLE -> new Pass.Refused(reason, scope.scope(),
                    "Limits cannot be checked now: try again shortly", SECOND, -1);
            default -> throw new IllegalArgumentException("not a refusal of limits: " + reason);
        };
    }

    /**
     * The refusal of a call past its soft threshold whose model no endpoint at or below the ceiling serves.
     */
    public static Pass.Refused noEndpointUnderCeiling(Settlement s, String model, double ceiling) {
        s.cancel();
        return new Pass.Refused(Refusal.BUDGET_DOWNGRADE, s.softScopes(), String.format(Locale.ROOT,
                "Budget past its soft limit: no endpoint for '%s' at or below USD %s per 1K input tokens", model,
                price(ceiling)), Math.max(SECOND, s.resetsAt() - s.admittedAt), s.resetsAt());
    }

    /** A price as configured, without trailing zeros. */
    public static String price(double usd) {
        return BigDecimal.valueOf(usd).stripTrailingZeros().toPlainString();
    }

    /** An amount of USD with at least two decimals, more when it has them ({@code 250.00}, {@code 0.00001}). */
    static String amount(double usd) {
        BigDecimal d = BigDecimal.valueOf(usd).stripTrailingZeros();
        return (d.scale() < 2 ? d.setScale(2) : d).toPlainString();
    }

    private String budgetOwner(ScopeLimits scope) {
        return ScopeLimits.TENANT.equals(scope.scope()) ? "tenant '" + tenant + "'"
                : "key '" + scope.name() + "' of tenant '" + tenant + "'";
    }

    private static long untilEnd(Window window, long now) {
        return Math.max(SECOND, window.end(now) - now);
    }
}
