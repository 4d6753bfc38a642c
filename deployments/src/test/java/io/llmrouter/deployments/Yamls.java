package io.llmrouter.deployments;

import java.util.List;
import java.util.Map;

/** Navigation in SnakeYAML's untyped tree, where a missing node reads as empty rather than null. */
final class Yamls {

    private Yamls() {
    }

    /** The node under a dotted path of map keys, or null when any step is missing. */
    static Object at(Object node, String dottedPath) {
        Object current = node;
        for (String step : dottedPath.split("\\.")) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(step);
        }
        return current;
    }

    /** The map under a dotted path; empty when absent. */
    static Map<String, Object> map(Object node, String dottedPath) {
        return asMap(at(node, dottedPath));
    }

    /** The node itself as a map; empty when it is not one. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object node) {
        return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The list under a dotted path; empty when absent. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String dottedPath) {
        Object value = at(node, dottedPath);
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** The scalar under a dotted path as a string; null when absent. */
    static String str(Object node, String dottedPath) {
        Object value = at(node, dottedPath);
        return value == null ? null : String.valueOf(value);
    }
}
