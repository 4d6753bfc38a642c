package io.llmrouter.core.routing;

import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.governance.Governor;
import io.llmrouter.core.governance.Pass;
import io.llmrouter.core.governance.Settlement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What governance adds to answers: a refusal in the caller's format with {@code Retry-After} (and the reset of the
 * budget that refused it), and the headers of a call past a budget's soft threshold. Nothing for calls within their
 * limits.
 */
final class GovernanceReplies {

    private static final int TOO_MANY = 429;

    private GovernanceReplies() {
    }

    /**
     * {@code refused} in the client's format. A budget refusal is a 429 in every protocol (it resets at a known time,
     * which {@code Retry-After} says): where the protocol's own quota error has another status (Anthropic's 402
     * {@code billing_error}), its rate-limit error carries the budget's message.
     */
    static RoutedResponse.Complete refusal(ProtocolCodec client, Pass.Refused refused) {
        ErrorKind kind = refused.reason().kind();
        if (kind == ErrorKind.QUOTA_EXHAUSTED && client.encodeError(ApiError.of(kind, "")).status() != TOO_MANY) {
            kind = ErrorKind.RATE_LIMITED;
        }
        RoutedResponse.Complete answer = Responses.error(client, ApiError.of(kind, refused.message()),
                refused.retryAfterMillis(), null, 0);
        return refused.resetsAtMillis() < 0 ? answer : (RoutedResponse.Complete) answer.withHeaders(Map.of(
                RoutedResponse.BUDGET_RESETS_HEADER, Instant.ofEpochMilli(refused.resetsAtMillis()).toString()));
    }

    /** The headers of a call past a budget's soft threshold; empty for the others. */
    static Map<String, String> soft(Settlement s) {
        if (s.softScopes() == null) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>(4);
        headers.put(RoutedResponse.BUDGET_SOFT_LIMIT_HEADER, s.softScopes());
        headers.put(RoutedResponse.BUDGET_USED_HEADER, String.format(Locale.ROOT, "%.1f", s.usedPercent()));
        headers.put(RoutedResponse.BUDGET_RESETS_HEADER, Instant.ofEpochMilli(s.resetsAt()).toString());
        if (!Double.isNaN(s.ceiling())) {
            headers.put(RoutedResponse.DOWNGRADED_HEADER, Governor.price(s.ceiling()));
        }
        return headers;
    }
}
