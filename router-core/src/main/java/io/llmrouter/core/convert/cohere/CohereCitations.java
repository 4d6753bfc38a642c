package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a Cohere answer carries beside its text and tool calls that the intermediate answer has no place for: the
 * citations of a grounded answer, the documents and search results behind them (both versions name them alike).
 */
final class CohereCitations {

    private CohereCitations() {
    }

    /** The names of what {@code answer} (v1 response or v2 message) holds of them, for the call's drops. */
    static Set<String> omitted(JsonNode answer) {
        Set<String> names = new TreeSet<>();
        for (String field : new String[] {"citations", "documents", "search_results"}) {
            if (answer.path(field).size() > 0) {
                names.add(field);
            }
        }
        return names;
    }

    /** The name of a stream event about them ({@code citation-generation}, {@code citation-start}, ...), or null. */
    static String ofEvent(String eventType) {
        if (eventType.startsWith("citation-")) {
            return "citations";
        }
        return eventType.equals("search-results") ? "search_results" : null;
    }
}
