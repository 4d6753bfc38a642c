package io.llmrouter.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders the kustomize base and every overlay and checks what the cluster would get against what the
 * service provides (README.md, docs/configuration.md, docs/operations.md): the API on port 8080, health and metrics
 * on the management port 9000, tenant files and their secrets.
 */
class KubernetesManifestsTest {

    /** SmallRye Health routes of the service, by the probe that must use each. */
    private static final Map<String, String> HEALTH_ROUTES = Map.of(
            "startupProbe", "/q/health/started",
            "livenessProbe", "/q/health/live",
            "readinessProbe", "/q/health/ready");
    private static final int SERVICE_PORT = 8080;
    /** Quarkus' management interface: health and metrics, never the API port. */
    private static final int MANAGEMENT_PORT = 9000;
    private static final String METRICS_PATH = "/q/metrics";
    private static final String TENANTS_DIR = "/etc/llm-router/tenants";

    static List<String> targets() throws Exception {
        return Kustomize.targets().toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void probesUseTheHealthRoutesOnTheManagementPort(String target) {
        Manifests m = Kustomize.render(target);
        Map<String, Object> container = m.container();
        for (Map.Entry<String, String> probe : HEALTH_ROUTES.entrySet()) {
            Map<String, Object> httpGet = Yamls.map(container, probe.getKey() + ".httpGet");
            assertFalse(httpGet.isEmpty(), () -> target + ": " + probe.getKey() + " with httpGet is missing");
            String path = Yamls.str(httpGet, "path");
            assertTrue(HEALTH_ROUTES.containsValue(path),
                    () -> target + ": " + probe.getKey() + " path " + path + " is not a health route of the service "
                            + new TreeSet<>(HEALTH_ROUTES.values()));
            assertEquals(probe.getValue(), path, () -> target + ": " + probe.getKey() + " checks the wrong health route");
            assertEquals(MANAGEMENT_PORT, containerPort(m, httpGet.get("port")),
                    () -> target + ": " + probe.getKey() + " must reach the management port " + MANAGEMENT_PORT
                            + ": the API port serves no health route");
            String scheme = Yamls.str(httpGet, "scheme");
            assertTrue(scheme == null || "HTTP".equals(scheme), () -> target + ": the management port speaks plain HTTP");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void serviceAndIngressReachTheContainerPort(String target) {
        Manifests m = Kustomize.render(target);
        Map<String, Object> service = ingressService(m);
        assertEquals("ClusterIP", Yamls.str(service, "spec.type"), target + ": Service type");
        assertSelects(target, "Service", Yamls.map(service, "spec.selector"), m.podLabels());
        List<Object> ports = Yamls.list(service, "spec.ports");
        assertEquals(1, ports.size(), target + ": Service ports");
        assertEquals(80, ((Number) Yamls.at(ports.get(0), "port")).intValue(), target + ": Service port");
        assertEquals(SERVICE_PORT, containerPort(m, Yamls.at(ports.get(0), "targetPort")), target + ": Service targetPort");

        String serviceName = Yamls.str(service, "metadata.name");
        String servicePortName = Yamls.str(ports.get(0), "name");
        for (Object rule : Yamls.list(m.one("Ingress"), "spec.rules")) {
            for (Object path : Yamls.list(rule, "http.paths")) {
                assertEquals(serviceName, Yamls.str(path, "backend.service.name"), target + ": Ingress backend service");
                Object port = Yamls.at(path, "backend.service.port.name");
                Object number = Yamls.at(path, "backend.service.port.number");
                assertTrue(servicePortName.equals(port) || Integer.valueOf(80).equals(number),
                        () -> target + ": Ingress backend port must be the Service's port (http / 80)");
            }
        }
    }

    /**
     * Health and metrics name every tenant and endpoint: the management port is reachable by the kubelet (probes),
     * by Prometheus (pod annotations, a Service of its own) and by nothing the ingress routes to.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void managementPortIsForProbesAndPrometheusOnly(String target) {
        Manifests m = Kustomize.render(target);
        Map<String, Object> annotations = Yamls.map(m.one("Deployment"), "spec.template.metadata.annotations");
        assertEquals("true", annotations.get("prometheus.io/scrape"), target + ": pods are scraped");
        assertEquals(String.valueOf(MANAGEMENT_PORT), annotations.get("prometheus.io/port"),
                target + ": Prometheus scrapes the management port");
        assertEquals(METRICS_PATH, annotations.get("prometheus.io/path"), target + ": metrics path");
        assertEquals(MANAGEMENT_PORT, containerPort(m, "management"), target + ": the management container port");

        Map<String, Object> ingressService = ingressService(m);
        for (Map<String, Object> service : m.routerServices()) {
            List<Integer> reached = Yamls.list(service, "spec.ports").stream()
                    .map(p -> containerPort(m, Yamls.at(p, "targetPort"))).toList();
            if (reached.contains(MANAGEMENT_PORT)) {
                assertTrue(service != ingressService, () -> target + ": the Ingress routes to the management port");
                assertEquals(List.of(MANAGEMENT_PORT), reached,
                        () -> target + ": a Service mixes the management port with the API port");
                assertSelects(target, "management Service", Yamls.map(service, "spec.selector"), m.podLabels());
            }
        }
        assertTrue(m.routerServices().stream().anyMatch(service -> Yamls.list(service, "spec.ports").stream()
                        .anyMatch(p -> containerPort(m, Yamls.at(p, "targetPort")) == MANAGEMENT_PORT)),
                () -> target + ": no Service for Service-based scraping (ServiceMonitor)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void podIsLockedDown(String target) {
        Manifests m = Kustomize.render(target);
        Map<String, Object> pod = m.podSpec();
        Map<String, Object> container = m.container();
        assertEquals(Boolean.TRUE, Yamls.at(pod, "securityContext.runAsNonRoot"), target + ": pod runAsNonRoot");
        assertEquals("RuntimeDefault", Yamls.str(pod, "securityContext.seccompProfile.type"), target + ": seccomp profile");
        assertEquals(Boolean.TRUE, Yamls.at(container, "securityContext.runAsNonRoot"), target + ": container runAsNonRoot");
        assertEquals(Boolean.TRUE, Yamls.at(container, "securityContext.readOnlyRootFilesystem"),
                target + ": readOnlyRootFilesystem");
        assertEquals(Boolean.FALSE, Yamls.at(container, "securityContext.allowPrivilegeEscalation"),
                target + ": allowPrivilegeEscalation");
        assertEquals(List.of("ALL"), Yamls.list(container, "securityContext.capabilities.drop"), target + ": capabilities drop");
        assertTrue(Yamls.list(container, "securityContext.capabilities.add").isEmpty(), target + ": no capability added");
        assertFalse(Boolean.TRUE.equals(Yamls.at(container, "securityContext.privileged")), target + ": privileged");
        assertEquals(Boolean.FALSE, Yamls.at(pod, "automountServiceAccountToken"), target + ": no API token in the pod");

        // A read-only root needs a writable /tmp.
        String tmpVolume = Yamls.list(container, "volumeMounts").stream()
                .filter(v -> "/tmp".equals(Yamls.str(v, "mountPath")))
                .map(v -> Yamls.str(v, "name"))
                .findFirst()
                .orElseGet(() -> fail(target + ": /tmp is not mounted"));
        assertNotNull(Yamls.at(volume(m, tmpVolume), "emptyDir"), target + ": /tmp must be an emptyDir");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void resourcesAndShutdownAreBounded(String target) {
        Manifests m = Kustomize.render(target);
        Map<String, Object> container = m.container();
        for (String resource : List.of("cpu", "memory")) {
            String request = Yamls.str(container, "resources.requests." + resource);
            String limit = Yamls.str(container, "resources.limits." + resource);
            assertNotNull(request, target + ": " + resource + " request");
            assertNotNull(limit, target + ": " + resource + " limit");
            assertTrue(Quantity.parse(request) <= Quantity.parse(limit),
                    () -> target + ": " + resource + " request " + request + " exceeds its limit " + limit);
        }
        assertEquals(2, ((Number) Yamls.at(m.one("Deployment"), "spec.replicas")).intValue(), target + ": replicas");

        Object sleep = Yamls.at(container, "lifecycle.preStop.sleep.seconds");
        assertTrue(sleep instanceof Number, () -> target + ": preStop sleep keeps the pod serving while it leaves the Service");
        String shutdown = m.envValue("QUARKUS_SHUTDOWN_TIMEOUT")
                .orElseGet(() -> fail(target + ": QUARKUS_SHUTDOWN_TIMEOUT must bound the drain of in-flight streams"));
        assertTrue(shutdown.matches("\\d+s"), () -> target + ": QUARKUS_SHUTDOWN_TIMEOUT in seconds, e.g. 90s: " + shutdown);
        int drain = ((Number) sleep).intValue() + Integer.parseInt(shutdown.substring(0, shutdown.length() - 1));
        Object grace = Yamls.at(m.podSpec(), "terminationGracePeriodSeconds");
        assertTrue(grace instanceof Number g && g.intValue() > drain,
                () -> target + ": terminationGracePeriodSeconds " + grace + " must exceed preStop + shutdown timeout = " + drain);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void ingressDoesNotBufferOrCutStreams(String target) {
        Map<String, Object> annotations = Yamls.map(Kustomize.render(target).one("Ingress"), "metadata.annotations");
        String prefix = "nginx.ingress.kubernetes.io/";
        assertEquals("off", annotations.get(prefix + "proxy-buffering"), target + ": SSE must not be buffered");
        for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
            Object value = annotations.get(prefix + timeout);
            assertNotNull(value, target + ": " + timeout);
            assertTrue(Integer.parseInt(value.toString()) >= 3600, () -> target + ": " + timeout + " cuts long streams: " + value);
        }
        assertEquals("10m", annotations.get(prefix + "proxy-body-size"), target + ": body size must match the router's 10 MB limit");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void autoscalingAndDisruptionBudgetTargetTheRouter(String target) {
        Manifests m = Kustomize.render(target);
        String deployment = Yamls.str(m.one("Deployment"), "metadata.name");
        Map<String, Object> hpa = m.one("HorizontalPodAutoscaler");
        assertEquals("autoscaling/v2", hpa.get("apiVersion"), target + ": HPA API");
        assertEquals(deployment, Yamls.str(hpa, "spec.scaleTargetRef.name"), target + ": HPA target");
        assertEquals("Deployment", Yamls.str(hpa, "spec.scaleTargetRef.kind"), target + ": HPA target kind");
        assertEquals(2, ((Number) Yamls.at(hpa, "spec.minReplicas")).intValue(), target + ": HPA min");
        assertEquals(10, ((Number) Yamls.at(hpa, "spec.maxReplicas")).intValue(), target + ": HPA max");
        Object metric = Yamls.list(hpa, "spec.metrics").get(0);
        assertEquals("cpu", Yamls.str(metric, "resource.name"), target + ": HPA metric");
        assertEquals(70, ((Number) Yamls.at(metric, "resource.target.averageUtilization")).intValue(), target + ": HPA CPU target");

        Map<String, Object> pdb = m.one("PodDisruptionBudget");
        assertEquals(1, ((Number) Yamls.at(pdb, "spec.minAvailable")).intValue(), target + ": PDB minAvailable");
        assertSelects(target, "PodDisruptionBudget", Yamls.map(pdb, "spec.selector.matchLabels"), m.podLabels());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void networkPolicyAdmitsTheIngressControllerAndPrometheusOnTheirPortsAndHttpsOut(String target) {
        Manifests m = Kustomize.render(target);
        Map<String, Object> policy = m.routerPolicy();
        assertSelects(target, "NetworkPolicy", Yamls.map(policy, "spec.podSelector.matchLabels"), m.podLabels());
        assertEquals(List.of("Ingress", "Egress"), Yamls.list(policy, "spec.policyTypes"), target + ": policy types");

        List<Object> ingress = Yamls.list(policy, "spec.ingress");
        assertEquals(2, ingress.size(), target + ": two ingress rules");
        assertEquals(List.of(Map.of("namespaceSelector",
                        Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "ingress-nginx")))),
                Yamls.list(ingress.get(0), "from"), target + ": the API port only from the ingress-nginx namespace");
        assertEquals(List.of(Map.of("protocol", "TCP", "port", SERVICE_PORT)), Yamls.list(ingress.get(0), "ports"),
                target + ": the ingress controller reaches 8080 only");
        assertEquals(List.of(Map.of("namespaceSelector",
                        Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring")))),
                Yamls.list(ingress.get(1), "from"), target + ": the management port only from the monitoring namespace");
        assertEquals(List.of(Map.of("protocol", "TCP", "port", MANAGEMENT_PORT)), Yamls.list(ingress.get(1), "ports"),
                target + ": Prometheus reaches 9000 only");

        Set<String> egressPorts = new TreeSet<>();
        for (Object rule : Yamls.list(policy, "spec.egress")) {
            List<Object> ports = Yamls.list(rule, "ports");
            assertFalse(ports.isEmpty(), () -> target + ": an egress rule without ports opens every port");
            ports.forEach(p -> egressPorts.add(Yamls.str(p, "protocol") + "/" + Yamls.str(p, "port")));
        }
        Set<String> expected = new TreeSet<>(Set.of("TCP/443", "UDP/53", "TCP/53"));
        if (m.envValue("ROUTER_STATE_STORE").filter("redis"::equals).isPresent()) {
            // The shared state (components/redis-state): Redis' port, to Redis' pods only (RedisStateComponentTest).
            expected.add("TCP/6379");
        }
        assertEquals(expected, egressPorts, target + ": egress ports");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void everySecretAndConfigMapTheDeploymentUsesIsRendered(String target) {
        Manifests m = Kustomize.render(target);
        List<String> missing = new ArrayList<>();
        for (String[] ref : references(m)) {
            if (m.find(ref[0], ref[1]).isEmpty()) {
                missing.add(ref[0] + " " + ref[1]);
            }
        }
        assertEquals(List.of(), missing, target + ": the Deployment references objects the overlay does not create");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void tenantFilesAreValidAndTheirSecretsAreProvided(String target) {
        Manifests m = Kustomize.render(target);
        String dir = m.envValue("ROUTER_TENANTS_DIR").orElseGet(() -> fail(target + ": ROUTER_TENANTS_DIR is not set"));
        assertEquals(TENANTS_DIR, dir, target + ": tenant directory");
        Object mount = Yamls.list(m.container(), "volumeMounts").stream()
                .filter(v -> dir.equals(Yamls.str(v, "mountPath")))
                .findFirst()
                .orElseGet(() -> fail(target + ": nothing is mounted at ROUTER_TENANTS_DIR " + dir));
        assertEquals(Boolean.TRUE, Yamls.at(mount, "readOnly"), target + ": tenant directory mounted read-only");
        // The router reloads changed tenant files; the kubelet never updates a volume mounted with subPath.
        assertNull(Yamls.at(mount, "subPath"), target + ": the tenant directory is mounted whole, not with subPath");
        assertNull(Yamls.at(mount, "subPathExpr"), target + ": the tenant directory is mounted whole, not with "
                + "subPathExpr");

        Map<String, String> files = tenantFiles(m, volume(m, Yamls.str(mount, "name")));
        Set<String> provided = providedVariables(m);
        List<String> problems = new ArrayList<>();
        Map<String, String> tenantToFile = new TreeMap<>();
        files.forEach((fileName, text) -> {
            TenantFile.Report report = TenantFile.check(fileName, text);
            problems.addAll(report.problems());
            report.tenants().forEach(t -> {
                String previous = tenantToFile.put(t, fileName);
                if (previous != null) {
                    problems.add("tenant '" + t + "' is defined in both " + previous + " and " + fileName);
                }
            });
            report.references().stream()
                    .filter(v -> !provided.contains(v))
                    .forEach(v -> problems.add(fileName + ": ${" + v + "} is not an env var of the Deployment"
                            + " (env or envFrom Secret/ConfigMap key)"));
        });
        assertEquals(List.of(), problems, target + ": tenant configuration");

        boolean demo = m.envValue("QUARKUS_PROFILE").filter("demo"::equals).isPresent();
        boolean base = "base".equals(target);
        assertTrue(base || demo || !files.isEmpty(),
                () -> target + ": no tenant file and not the demo profile: the service refuses to start");
    }

    /** The container port (a number, or a port name) reached by a probe, Service or other reference. */
    private static int containerPort(Manifests m, Object port) {
        List<Object> ports = Yamls.list(m.container(), "ports");
        for (Object p : ports) {
            Object number = Yamls.at(p, "containerPort");
            if (port instanceof Number n && n.equals(number) || port instanceof String s && s.equals(Yamls.str(p, "name"))) {
                return ((Number) number).intValue();
            }
        }
        return fail(m.target() + ": port " + port + " is not a container port of the router " + ports);
    }

    /** The Service every Ingress path routes to (the API). */
    private static Map<String, Object> ingressService(Manifests m) {
        Set<String> names = new TreeSet<>();
        for (Object rule : Yamls.list(m.one("Ingress"), "spec.rules")) {
            for (Object path : Yamls.list(rule, "http.paths")) {
                names.add(Yamls.str(path, "backend.service.name"));
            }
        }
        assertEquals(1, names.size(), () -> m.target() + ": the Ingress routes to one Service, not " + names);
        String name = names.iterator().next();
        return m.find("Service", name).orElseGet(() -> fail(m.target() + ": the Ingress' Service " + name
                + " is not rendered"));
    }

    private static void assertSelects(String target, String what, Map<String, Object> selector, Map<String, Object> labels) {
        assertFalse(selector.isEmpty(), () -> target + ": " + what + " has an empty selector");
        assertTrue(labels.entrySet().containsAll(selector.entrySet()),
                () -> target + ": " + what + " selector " + selector + " does not match the pod labels " + labels);
    }

    private static Map<String, Object> volume(Manifests m, String name) {
        return Yamls.list(m.podSpec(), "volumes").stream()
                .filter(v -> name.equals(Yamls.str(v, "name")))
                .map(Yamls::asMap)
                .findFirst()
                .orElseGet(() -> fail(m.target() + ": volume " + name + " is mounted but not defined"));
    }

    /** The *.properties files the service sees in a volume made of ConfigMaps (directly or projected). */
    private static Map<String, String> tenantFiles(Manifests m, Map<String, Object> volume) {
        List<Object> sources = new ArrayList<>(Yamls.list(volume, "projected.sources"));
        if (volume.containsKey("configMap")) {
            sources.add(Map.of("configMap", volume.get("configMap")));
        }
        assertTrue(volume.containsKey("projected") || volume.containsKey("configMap"),
                () -> m.target() + ": the tenant directory must be a ConfigMap or projected volume: " + volume.keySet());
        Map<String, String> files = new TreeMap<>();
        for (Object source : sources) {
            assertTrue(Yamls.at(source, "secret") == null,
                    () -> m.target() + ": tenant files hold no secrets; mount Secrets as env vars instead");
            String name = Yamls.str(source, "configMap.name");
            Map<String, Object> data = Yamls.map(m.find("ConfigMap", name)
                    .orElseGet(() -> fail(m.target() + ": tenant ConfigMap " + name + " is not rendered")), "data");
            Map<String, String> paths = new TreeMap<>();
            List<Object> items = Yamls.list(source, "configMap.items");
            if (items.isEmpty()) {
                data.keySet().forEach(k -> paths.put(k, k));
            } else {
                items.forEach(i -> paths.put(Yamls.str(i, "key"), Yamls.str(i, "path")));
            }
            paths.forEach((key, path) -> {
                if (path.endsWith(".properties")) {
                    assertFalse(path.contains("/"), () -> m.target() + ": " + path + " must sit directly in the tenant directory");
                    String previous = files.put(path, String.valueOf(data.get(key)));
                    assertTrue(previous == null, () -> m.target() + ": two ConfigMaps project " + path);
                }
            });
        }
        return files;
    }

    /** Every env var name the router container gets: env entries and the keys of envFrom sources. */
    private static Set<String> providedVariables(Manifests m) {
        Set<String> names = new HashSet<>();
        Yamls.list(m.container(), "env").forEach(e -> names.add(Yamls.str(e, "name")));
        for (Object from : Yamls.list(m.container(), "envFrom")) {
            String prefix = Yamls.str(from, "prefix") == null ? "" : Yamls.str(from, "prefix");
            String kind = Yamls.at(from, "secretRef") != null ? "Secret" : "ConfigMap";
            String name = Yamls.str(from, kind.equals("Secret") ? "secretRef.name" : "configMapRef.name");
            m.find(kind, name).ifPresent(object -> {
                Yamls.map(object, "data").keySet().forEach(k -> names.add(prefix + k));
                Yamls.map(object, "stringData").keySet().forEach(k -> names.add(prefix + k));
            });
        }
        return names;
    }

    /** (kind, name) of every Secret and ConfigMap the pod template needs, optional ones excluded. */
    private static List<String[]> references(Manifests m) {
        List<String[]> refs = new ArrayList<>();
        Map<String, Object> container = m.container();
        for (Object from : Yamls.list(container, "envFrom")) {
            addRef(refs, "Secret", Yamls.map(from, "secretRef"));
            addRef(refs, "ConfigMap", Yamls.map(from, "configMapRef"));
        }
        for (Object env : Yamls.list(container, "env")) {
            addRef(refs, "Secret", Yamls.map(env, "valueFrom.secretKeyRef"));
            addRef(refs, "ConfigMap", Yamls.map(env, "valueFrom.configMapKeyRef"));
        }
        for (Object volume : Yamls.list(m.podSpec(), "volumes")) {
            addRef(refs, "ConfigMap", Yamls.map(volume, "configMap"));
            Map<String, Object> secret = Yamls.map(volume, "secret");
            if (!secret.isEmpty() && !Boolean.TRUE.equals(secret.get("optional"))) {
                refs.add(new String[] {"Secret", Yamls.str(secret, "secretName")});
            }
            for (Object source : Yamls.list(volume, "projected.sources")) {
                addRef(refs, "ConfigMap", Yamls.map(source, "configMap"));
                addRef(refs, "Secret", Yamls.map(source, "secret"));
            }
        }
        return refs;
    }

    private static void addRef(List<String[]> refs, String kind, Map<String, Object> ref) {
        if (!ref.isEmpty() && !Boolean.TRUE.equals(ref.get("optional"))) {
            refs.add(new String[] {kind, Yamls.str(ref, "name")});
        }
    }
}
