package io.llmrouter.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The otel-collector component, as the production overlay renders with it (src/test/kustomize/traced): tracing on
 * with Quarkus' own switch, the OTLP endpoint of the Collector, and a NetworkPolicy that lets the pods reach it and
 * nothing else new.
 */
class OtelCollectorComponentTest {

    private static final String TRACED = "../src/test/kustomize/traced";

    @Test
    void tracingIsOnAndExportsToTheCollector() {
        Manifests m = Kustomize.render(TRACED);
        assertEquals("false", m.envValue("QUARKUS_OTEL_SDK_DISABLED").orElse(null));
        assertEquals("http://otel-collector.observability.svc.cluster.local:4317",
                m.envValue("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT").orElse(null));
        assertEquals("grpc", m.envValue("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL").orElse(null));
        // $(VAR) is expanded only from variables defined earlier in the container's env.
        List<String> names = new ArrayList<>();
        for (Object env : Yamls.list(m.container(), "env")) {
            names.add(Yamls.str(env, "name"));
        }
        assertTrue(names.indexOf("POD_NAMESPACE") < names.indexOf("QUARKUS_OTEL_RESOURCE_ATTRIBUTES")
                && names.indexOf("POD_NAME") < names.indexOf("QUARKUS_OTEL_RESOURCE_ATTRIBUTES"), names.toString());
        assertEquals(1, names.stream().filter("QUARKUS_SHUTDOWN_TIMEOUT"::equals).count(), "the base's env is kept");
    }

    @Test
    void withoutTheComponentTracingStaysOff() {
        assertTrue(Kustomize.render("overlays/production").envValue("QUARKUS_OTEL_SDK_DISABLED").isEmpty());
    }

    @Test
    void thePodsMayReachTheCollectorsOtlpPortInItsNamespace() {
        Manifests m = Kustomize.render(TRACED);
        List<Object> egress = Yamls.list(m.routerPolicy(), "spec.egress");
        Object last = egress.get(egress.size() - 1);
        assertEquals(List.of(Map.of("namespaceSelector",
                Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "observability")))), Yamls.list(last, "to"));
        assertEquals(List.of(Map.of("protocol", "TCP", "port", 4317)), Yamls.list(last, "ports"));
        assertEquals(Yamls.list(Kustomize.render("overlays/production").routerPolicy(), "spec.egress").size() + 1,
                egress.size(), "one egress rule added, the others unchanged");
    }
}
