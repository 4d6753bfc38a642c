package io.llmrouter.service.packaged;

import static io.restassured.RestAssured.given;

import io.llmrouter.core.testing.Eventually;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged application reloads its tenant files: a tenant file changed under it as the kubelet changes a mounted
 * ConfigMap (the {@code ..data} link swapped) takes effect without a restart: the new key works, the old one stops.
 */
@QuarkusIntegrationTest
@WithTestResource(TenantDirResource.class)
class TenantReloadIT {

    private static int status(String key) {
        return given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body("{\"model\":\"files-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").statusCode();
    }

    @Test
    void aChangedTenantFileTakesEffectWithoutARestart() {
        Eventually.await(Duration.ofSeconds(20), () -> status("files-key-1") == 200,
                () -> "the tenant file's key does not work");
        TenantDirResource.volume.publish(Map.of("files.properties", TenantDirResource.tenant("files-key-2")));
        Eventually.await(Duration.ofSeconds(20), () -> status("files-key-2") == 200,
                () -> "the new key does not work: see target/quarkus.log");
        Eventually.await(Duration.ofSeconds(20), () -> status("files-key-1") == 401,
                () -> "the old key still works");
    }
}
