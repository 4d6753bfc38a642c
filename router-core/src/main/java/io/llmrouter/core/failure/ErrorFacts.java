package io.llmrouter.core.failure;

/**
 * What an upstream's error body says that its status and headers do not, for the {@link FailureClassifier}. The
 * upstream protocol's error reader ({@code convert/<protocol>/<P>Errors}) finds these facts in the body it parses
 * anyway, once per failed attempt; the classifier weighs them with the status and the headers and parses nothing.
 *
 * @param badKey           why the key or its account cannot serve any request although the status says "your
 *                         request" (Gemini's 400 {@code API_KEY_INVALID}, Anthropic's {@code billing_error} or an
 *                         empty credit balance, OpenAI's {@code billing_not_active}): a short label for logs and
 *                         metrics, or null. Weighed for 4xx answers other than 429.
 * @param quotaExhausted   why a 429 is about money rather than rate (OpenAI's {@code insufficient_quota}, Zhipu's
 *                         account in arrears, Cohere's monthly trial cap): waiting does not help, so it is a bad key
 *                         rather than a rate limit. A short label, or null.
 * @param retryDelayMillis the delay the body asks for before a retry (Gemini's {@code RetryInfo}), or -1; headers
 *                         that say when to retry come first
 */
public record ErrorFacts(String badKey, String quotaExhausted, long retryDelayMillis) {

    /** A body that says nothing beyond its status. */
    public static final ErrorFacts NONE = new ErrorFacts(null, null, -1);

    /** A body saying the account is out of credit or over its spend limit (OpenAI's and Anthropic's words). */
    public static ErrorFacts accountExhausted() {
        return badKey("account out of credit or over its spend limit");
    }

    /** A body saying the key or its account is the problem. */
    public static ErrorFacts badKey(String reason) {
        return new ErrorFacts(reason, null, -1);
    }

    /** A body saying a 429 is about money, not rate. */
    public static ErrorFacts quotaExhausted(String reason) {
        return new ErrorFacts(null, reason, -1);
    }

    /** A body asking for a delay before the next attempt. */
    public static ErrorFacts retryAfter(long millis) {
        return new ErrorFacts(null, null, millis);
    }
}
