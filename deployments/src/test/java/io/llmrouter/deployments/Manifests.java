package io.llmrouter.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The documents `kubectl kustomize` rendered for one kustomization directory. */
record Manifests(String target, List<Map<String, Object>> documents) {

    /** Every document of a kind. */
    List<Map<String, Object>> all(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    /** The one document of a kind; fails the test when there is none or several. */
    Map<String, Object> one(String kind) {
        List<Map<String, Object>> found = all(kind);
        assertEquals(1, found.size(), () -> target + ": expected exactly one " + kind + ", found " + found.size());
        return found.get(0);
    }

    /** A document by kind and metadata.name. */
    Optional<Map<String, Object>> find(String kind, String name) {
        return all(kind).stream().filter(d -> name.equals(Yamls.str(d, "metadata.name"))).findFirst();
    }

    /** The Services that select the router's pods (an overlay may add others, for Redis). */
    List<Map<String, Object>> routerServices() {
        Map<String, Object> labels = podLabels();
        return all("Service").stream()
                .filter(s -> labels.entrySet().containsAll(Yamls.map(s, "spec.selector").entrySet())).toList();
    }

    /** The router's NetworkPolicy (an overlay may add others, for Redis). */
    Map<String, Object> routerPolicy() {
        return find("NetworkPolicy", "llm-router")
                .orElseGet(() -> fail(target + ": no NetworkPolicy llm-router"));
    }

    /** The router Deployment's pod spec. */
    Map<String, Object> podSpec() {
        return Yamls.map(one("Deployment"), "spec.template.spec");
    }

    /** The pod template's labels, which every selector must match. */
    Map<String, Object> podLabels() {
        return Yamls.map(one("Deployment"), "spec.template.metadata.labels");
    }

    /** The router container (the pod's only container). */
    Map<String, Object> container() {
        List<Object> containers = Yamls.list(podSpec(), "containers");
        if (containers.size() != 1) {
            fail(target + ": expected one container in the router pod, found " + containers.size());
        }
        return Yamls.asMap(containers.get(0));
    }

    /** The container's plain env value of a variable, if set. */
    Optional<String> envValue(String name) {
        return Yamls.list(container(), "env").stream()
                .filter(e -> name.equals(Yamls.str(e, "name")))
                .map(e -> Yamls.str(e, "value"))
                .findFirst();
    }
}
