package io.llmrouter.core.convert.anthropic;

import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.wire.ForwardedHeaders;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Anthropic's beta features, asked for by the {@code anthropic-beta} request header (comma-separated names such as
 * {@code interleaved-thinking-2025-05-14}). To an Anthropic upstream the caller's betas go as sent, merged with the
 * key's configured ones; a call converted for another protocol keeps a beta's effect where that protocol has it by
 * itself and names the others in its drops (docs/protocols.md, "Headers that reach the upstream").
 */
final class AnthropicBetas {

    static final String HEADER = "anthropic-beta";
    /** Most beta names taken from one header; Anthropic's own list is far shorter. */
    static final int MAX_BETAS = 32;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /**
     * Betas whose effect a converted call keeps: interleaved thinking is how the other protocols' reasoning models
     * work anyway, and structured outputs travel in the body ({@code output_format}), which the router converts.
     */
    private static final List<String> KEPT_WHEN_CONVERTED = List.of("interleaved-thinking-", "structured-outputs-");

    private AnthropicBetas() {
    }

    /**
     * The {@code anthropic-beta} value for an upstream call: the caller's betas (null when none reach it), then the
     * key's configured ones and {@code extra} ones the conversion needs, each once, in that order; null for none.
     * Malformed names from the caller are left out and reported.
     */
    static String merge(String caller, String configured, Set<String> extra, Drops drops) {
        Set<String> betas = new LinkedHashSet<>();
        if (caller != null && !names(caller, betas)) {
            drops.field(HEADER);
        }
        if (configured != null) {
            names(configured, betas);
        }
        betas.addAll(extra);
        return betas.isEmpty() ? null : String.join(",", betas);
    }

    /** Reports the caller's betas that a call converted for another protocol cannot keep. */
    static void lostWhenConverted(ForwardedHeaders headers, Drops drops) {
        String caller = headers.get(HEADER);
        if (caller == null) {
            return;
        }
        Set<String> betas = new LinkedHashSet<>();
        if (!names(caller, betas)) {
            drops.field(HEADER);
        }
        for (String beta : betas) {
            if (KEPT_WHEN_CONVERTED.stream().noneMatch(beta::startsWith)) {
                drops.field(HEADER + "=" + beta);
            }
        }
    }

    /** Adds the well-formed names of a header value to {@code out}; false when some were not. */
    private static boolean names(String value, Set<String> out) {
        boolean wellFormed = true;
        for (String raw : value.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (NAME.matcher(name).matches() && out.size() < MAX_BETAS) {
                out.add(name);
            } else {
                wellFormed = false;
            }
        }
        return wellFormed;
    }
}
