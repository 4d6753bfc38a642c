package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/** The top-level fields of a Cohere client body that the intermediate form has no place for, which are dropped. */
final class Unmodelled {

    private Unmodelled() {
    }

    /** Debug-logs each field of {@code body} that is not in {@code handled}. */
    static void log(ObjectNode body, Set<String> handled, Logger log) {
        if (log.isDebugEnabled()) {
            for (Map.Entry<String, JsonNode> e : body.properties()) {
                if (!handled.contains(e.getKey())) {
                    log.debugf("dropping request field '%s': no IR equivalent", e.getKey());
                }
            }
        }
    }
}
