package io.llmrouter.core.telemetry;

/**
 * Prompt or answer text kept for a trace when a tenant turns content capture on, held to {@link #MAX_CHARS}
 * characters: a span attribute is exported whole, and an answer can be megabytes.
 */
public final class ContentCapture {

    /** The most characters of one text a span carries; what is longer is cut and marked. */
    public static final int MAX_CHARS = 16 * 1024;
    private static final String CUT = "...[truncated]";

    private final StringBuilder text = new StringBuilder();
    private boolean cut;

    /** Appends a piece of text, as far as the limit allows. */
    public void append(String piece) {
        if (piece == null || cut) {
            return;
        }
        int room = MAX_CHARS - text.length();
        if (piece.length() <= room) {
            text.append(piece);
        } else {
            text.append(piece, 0, room);
            cut = true;
        }
    }

    /** The text kept, marked when it was cut. */
    public String text() {
        return cut ? text + CUT : text.toString();
    }

    /** {@code value} held to the limit. */
    public static String clip(String value) {
        if (value == null) {
            return null;
        }
        ContentCapture c = new ContentCapture();
        c.append(value);
        return c.text();
    }
}
