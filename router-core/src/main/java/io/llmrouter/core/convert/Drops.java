package io.llmrouter.core.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.error.RouterException;
import java.util.Map;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * What a converted call leaves out, collected in one place for one call: the client's fields the intermediate form
 * has no place for ({@link #field(String)}, reported by request decoders), and the values an upstream protocol cannot
 * take ({@link #lost(IrField)}, reported by request encoders and host dialects). The names are the client's own
 * ({@code seed}, {@code generationConfig.seed}, {@code messages[].content[]=input_audio}); they reach the client in
 * {@code x-router-dropped} and the metrics in {@code router_conversion_dropped_total}.
 *
 * <p>A strict collector refuses instead of dropping: every report throws {@link RouterException#invalidRequest} naming
 * the field, which the attempt loop takes as "this endpoint cannot serve the request" (docs/protocols.md, "Drops and
 * strict mode"). Not thread-safe: one per decode or attempt.
 */
public final class Drops {

    /** Longest name kept; longer ones (a caller can invent field names) are reported as {@link #OTHER}. */
    public static final int MAX_NAME_LENGTH = 64;
    /** Most names kept per call; the rest are counted in the last one, {@code +N}. */
    public static final int MAX_NAMES = 32;
    /** The name of a field whose own name cannot be shown. */
    public static final String OTHER = "other";

    private static final Logger LOG = Logger.getLogger(Drops.class);

    private final boolean strict;
    private final Function<IrField, String> naming;
    private final TreeSet<String> names = new TreeSet<>();
    private int overflow;

    private Drops(boolean strict, Function<IrField, String> naming) {
        this.strict = strict;
        this.naming = naming;
    }

    /** A collector that records, naming lost values in OpenAI Chat's terms. */
    public static Drops recording() {
        return new Drops(false, IrField::defaultName);
    }

    /**
     * A collector for one attempt of a call from a client whose protocol names fields with {@code naming}; a strict
     * one refuses the first drop.
     */
    public static Drops forAttempt(boolean strict, Function<IrField, String> naming) {
        return new Drops(strict, naming);
    }

    /** A client field (path in the client's body, array indices left out) that is left out. */
    public void field(String clientPath) {
        add(clientPath);
    }

    /**
     * Reports the fields of {@code object} outside {@code read}, as {@code prefix + name}: what a decoder did not
     * read is what the intermediate form has no place for. Fields set to null or false say "not used" and are no
     * loss.
     */
    public void unread(ObjectNode object, Set<String> read, String prefix) {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (!read.contains(e.getKey()) && !e.getValue().isNull() && !e.getValue().isMissingNode()
                    && !(e.getValue().isBoolean() && !e.getValue().booleanValue())) {
                field(prefix + e.getKey());
            }
        }
    }

    /** An intermediate value the upstream cannot take. */
    public void lost(IrField field) {
        add(naming.apply(field));
    }

    /**
     * A refusal of this attempt for what the upstream cannot serve at all (token ids to an upstream that reads
     * text, a vector length it cannot give): a 400 naming {@code field} as the client's protocol names it, which the
     * attempt loop takes as "this endpoint cannot serve the request". Refused whether the collector is strict or not:
     * leaving the value out would change the answer's shape, not only lose a hint.
     */
    public RouterException refusal(IrField field, String problem) {
        return RouterException.invalidRequest("'" + naming.apply(field) + "' " + problem);
    }

    /**
     * A part of the upstream's answer the client's protocol cannot receive ({@code answer:reasoning.signature}):
     * named like any drop, never refused (the upstream has answered, and been paid).
     */
    public void answer(String name) {
        record("answer:" + name);
    }

    /** Replays what decoding left out into this attempt's collector (a strict one refuses it). */
    public void replay(Drops decoded) {
        for (String name : decoded.names) {
            add(name);
        }
        overflow += decoded.overflow;
    }

    private void add(String name) {
        if (strict) {
            throw RouterException.invalidRequest("converting this request for the upstream would drop '"
                    + (printable(name) ? name : OTHER) + "' (router.conversion.strict is on)");
        }
        record(name);
    }

    private void record(String name) {
        String shown = printable(name) ? name : OTHER;
        if (names.size() < MAX_NAMES || names.contains(shown)) {
            names.add(shown);
        } else {
            overflow++;
        }
    }

    /** Whether the name can go into a header and a metric label as it is. */
    private static boolean printable(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == ':' || c == '=' || c == '[' || c == ']' || c == '-' || c == '$';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Whether nothing was left out. */
    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** The names left out, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(names));
    }

    /**
     * The names as the {@code x-router-dropped} header shows them: comma-separated, sorted, with {@code +N} at the
     * end when more were left out than are kept; null when nothing was.
     */
    public String header() {
        if (names.isEmpty()) {
            return null;
        }
        String joined = String.join(",", names);
        return overflow == 0 ? joined : joined + ",+" + overflow;
    }

    /** One debug line for the call, when anything was left out. */
    public void log(String client, String upstream) {
        if (!names.isEmpty() && LOG.isDebugEnabled()) {
            LOG.debugf("converting %s to %s dropped: %s", client, upstream, header());
        }
    }
}
