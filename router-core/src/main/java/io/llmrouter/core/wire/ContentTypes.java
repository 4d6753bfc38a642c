package io.llmrouter.core.wire;

import java.util.Locale;

/** Reads a {@code Content-Type} header's media type, without its parameters. */
public final class ContentTypes {

    /** Server-sent events. */
    public static final String EVENT_STREAM = "text/event-stream";

    private ContentTypes() {
    }

    /** Whether the header's media type (case-insensitive, parameters ignored) is one of {@code types}. */
    public static boolean isOneOf(String header, String... types) {
        if (header == null) {
            return false;
        }
        int semicolon = header.indexOf(';');
        String type = (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        for (String t : types) {
            if (t.equals(type)) {
                return true;
            }
        }
        return false;
    }
}
