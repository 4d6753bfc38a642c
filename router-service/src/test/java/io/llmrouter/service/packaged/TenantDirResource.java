package io.llmrouter.service.packaged;

import io.llmrouter.service.config.KubeletVolume;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * A tenant directory laid out like a Kubernetes volume for the packaged application, with tenant {@code files} on the
 * application's own simulator ({@code ${quarkus.http.port}}, resolved by the application) and checked every 200 ms.
 */
public class TenantDirResource implements QuarkusTestResourceLifecycleManager {

    static volatile KubeletVolume volume;

    /** Tenant {@code files} with the inbound key {@code key}. */
    static String tenant(String key) {
        String p = "router.tenants.files.";
        return p + "api-keys=" + key + "\n"
                + p + "keys.sim.protocol=openai\n"
                + p + "keys.sim.base-url=http://127.0.0.1:${quarkus.http.port}/simulator/ok/openai\n"
                + p + "keys.sim.api-key=sim-key\n"
                + p + "endpoints.sim.key=sim\n"
                + p + "endpoints.sim.model=gpt-4o-mini\n"
                + p + "endpoints.sim.models=files-model\n";
    }

    @Override
    public Map<String, String> start() {
        try {
            volume = new KubeletVolume(Files.createTempDirectory("tenants"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        volume.publish(Map.of("files.properties", tenant("files-key-1")));
        return Map.of("router.tenants-dir", volume.dir().toString(), "router.tenants-dir-interval", "200ms");
    }

    @Override
    public void stop() {
    }
}
