package io.llmrouter.core.telemetry;

/**
 * How an upstream attempt ended.
 *
 * @param outcome      {@code success}, {@code cancelled}, {@code stream_error}, or the failure class
 *                     ({@code retryable}, {@code unreachable}, {@code rate_limited}, {@code bad_key},
 *                     {@code caller_error})
 * @param status       the upstream's HTTP status, or 0 when it gave none
 * @param errorType    a low-cardinality error identifier ({@code error.type}): the status, or the failure's reason
 *                     such as {@code timeout}; null on success
 * @param answer       what the answer said, or null when there was none
 */
public record AttemptEnd(String outcome, int status, String errorType, Answer answer) {
}
