package io.llmrouter.core.security;

import java.util.regex.Pattern;

/**
 * Masks what looks like a credential in text that came from an upstream or a library: provider keys quote parts of
 * the key they refused ({@code Incorrect API key provided: sk-proj-****abcd}, {@code up-op****abcd}), Google puts
 * {@code AIza...} keys and {@code ?key=} URLs in messages. Matches are replaced by {@value #MASK}; the words around
 * them stay, so the text still says what happened.
 *
 * <p>What counts as key-like: a token with a run of three or more {@code *} (a masked key: prefix and last four
 * shown), a token with a provider key prefix ({@code sk-}, {@code pk-}, {@code rk-}, {@code AIza}, {@code gsk_},
 * {@code xai-}, {@code hf_}), a run of 32 or more letters and digits without separators (Cohere, Azure, Mistral and
 * most other keys), whatever follows {@code Bearer}, {@code api key:} or {@code api key provided:}, and the value of
 * a {@code key}, {@code api_key}, {@code token} or {@code access_token} URL parameter. Model names, field names and
 * ordinary words do not match.
 */
public final class Redactor {

    /** What a key-like fragment is replaced with. */
    public static final String MASK = "[redacted]";

    private static final String TOKEN = "[A-Za-z0-9_\\-.]";
    private static final Pattern MASKED = Pattern.compile(TOKEN + "*\\*{3,}[A-Za-z0-9_\\-.*]*");
    private static final Pattern PREFIXED = Pattern.compile(
            "\\b(?:(?:sk|pk|rk|xai)-[A-Za-z0-9_\\-]{6,}|AIza[0-9A-Za-z_\\-]{16,}|(?:gsk|hf)_[A-Za-z0-9]{10,})");
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9]{32,}");
    private static final Pattern LABELLED = Pattern.compile(
            "(?i)(\\bbearer\\s+|\\bapi[ _-]?key(?:\\s+provided)?\\s*[:=]\\s*)[^\\s,;\"']*[^\\s,;\"'.]");
    private static final Pattern URL_PARAMETER = Pattern.compile(
            "(?i)([?&](?:key|api[_-]?key|token|access_token)=)[^&\\s\"'#]+");
    /** Exact secrets shorter than this are not searched for: they would match ordinary text. */
    private static final int MIN_SECRET = 8;

    private Redactor() {
    }

    /** The text with key-like fragments masked; null stays null. For text that came from an upstream or a library. */
    public static String redact(String text) {
        String out = redactMarked(text);
        return out == null || out.isEmpty() ? out : OPAQUE.matcher(out).replaceAll(MASK);
    }

    /**
     * The text with the fragments masked that are keys by their form alone: masked keys, provider key prefixes,
     * labelled values and key URL parameters; not long opaque runs, which in the router's own messages are a value the
     * caller sent and gets quoted back (a model name). For errors on their way out to a caller.
     */
    public static String redactMarked(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = LABELLED.matcher(text).replaceAll("$1" + MASK);
        out = URL_PARAMETER.matcher(out).replaceAll("$1" + MASK);
        out = MASKED.matcher(out).replaceAll(MASK);
        return PREFIXED.matcher(out).replaceAll(MASK);
    }

    /** {@link #redact(String)}, and every occurrence of {@code secret} (the key the call was made with) masked too. */
    public static String redact(String text, String secret) {
        String out = text;
        if (out != null && secret != null && secret.length() >= MIN_SECRET) {
            out = out.replace(secret, MASK);
        }
        return redact(out);
    }
}
