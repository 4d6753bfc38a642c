package io.llmrouter.api.error;

/**
 * A value the caller sent, quoted back in an error message: cut to a bounded length, with control characters
 * replaced, so that an answer (and a log line quoting it) stays short whatever the caller sent, a 1 MB model name
 * included.
 */
public final class Echo {

    /** The default longest echo: enough to recognise a value, too short to reflect a document back. */
    public static final int DEFAULT_MAX = 100;
    private static final String CUT = "...";

    private Echo() {
    }

    /** {@code value} cut to {@link #DEFAULT_MAX} characters. */
    public static String of(String value) {
        return of(value, DEFAULT_MAX);
    }

    /** {@code value} cut to {@code max} characters (then marked {@code ...}); null reads {@code null}. */
    public static String of(String value, int max) {
        if (value == null) {
            return "null";
        }
        int end = Math.min(value.length(), max);
        if (end < value.length() && end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        StringBuilder shown = new StringBuilder(end + CUT.length());
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            shown.append(Character.isISOControl(c) ? '?' : c);
        }
        return end < value.length() ? shown.append(CUT).toString() : shown.toString();
    }
}
