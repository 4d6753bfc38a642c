package io.llmrouter.service.it;

import io.llmrouter.service.config.KubeletVolume;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * Tenant {@code reload} in a tenant directory laid out like a Kubernetes volume, on a {@link HeldUpstream}. The
 * reloader's timer waits a minute: the tests check the directory themselves ({@code TenantReloader.poll}).
 */
public class ReloadProfile implements QuarkusTestProfile {

    static volatile KubeletVolume volume;
    static volatile HeldUpstream upstream;

    /** Tenant {@code reload}: inbound key {@code inbound}, one endpoint {@code endpoint} on the upstream {@code name}. */
    static String tenant(String inbound, String endpoint, String name) {
        String p = "router.tenants.reload.";
        return p + "api-keys=" + inbound + "\n"
                + p + "keys.up.protocol=openai\n"
                + p + "keys.up.base-url=" + upstream.url(name) + "\n"
                + p + "keys.up.api-key=up-key\n"
                + p + "endpoints." + endpoint + ".key=up\n"
                + p + "endpoints." + endpoint + ".model=gpt-4o-mini\n"
                + p + "endpoints." + endpoint + ".models=reload-model\n";
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    /** Starts the upstream and writes the first tenant file. */
    public static class Resource implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            upstream = HeldUpstream.start();
            try {
                volume = new KubeletVolume(Files.createTempDirectory("tenants"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            volume.publish(Map.of("reload.properties", tenant("reload-key-1", "first", "held-old")));
            return Map.of("router.tenants-dir", volume.dir().toString(), "router.tenants-dir-interval", "1m",
                    "router.security.allow-private-upstreams", "true");
        }

        @Override
        public void stop() {
            if (upstream != null) {
                upstream.close();
            }
        }
    }
}
