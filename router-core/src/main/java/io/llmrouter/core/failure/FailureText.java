package io.llmrouter.core.failure;

import java.util.regex.Pattern;

/**
 * A transport failure as one line for operators' logs: each cause's class and message, outermost first. Clients wrap
 * what happened (the Quarkus REST client turns a connection closed under a request into a bare {@code IOException}
 * carrying only the message), so the class the classifier saw is often not the one that says what happened.
 */
public final class FailureText {

    private static final int MAX_DEPTH = 6;
    private static final int MAX_LENGTH = 600;
    /** A query string or the user-info part of a URL: where a misconfigured base URL could carry a credential. */
    private static final Pattern QUERY = Pattern.compile("\\?\\S*");
    private static final Pattern USER_INFO = Pattern.compile("//[^/\\s@]+@");

    private FailureText() {
    }

    /** {@code Class: message <- CauseClass: message ...}, query strings and URL user info redacted. */
    public static String describe(Throwable failure) {
        StringBuilder out = new StringBuilder();
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            String message = t.getMessage();
            Throwable cause = t.getCause();
            // A wrapper made with `new X(cause)` only repeats its cause's toString(): the cause says it next.
            boolean repeatsCause = cause != null && message != null && message.equals(cause.toString());
            if (depth > 0) {
                out.append(" <- ");
            }
            out.append(t.getClass().getSimpleName());
            if (message != null && !message.isBlank() && !repeatsCause) {
                out.append(": ").append(redact(message));
            }
        }
        return out.length() <= MAX_LENGTH ? out.toString() : out.substring(0, MAX_LENGTH) + "...";
    }

    private static String redact(String message) {
        return USER_INFO.matcher(QUERY.matcher(message).replaceAll("?...")).replaceAll("//...@");
    }
}
