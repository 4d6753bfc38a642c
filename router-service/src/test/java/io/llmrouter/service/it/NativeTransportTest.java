package io.llmrouter.service.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * quarkus.vertx.prefer-native-transport=true with netty-transport-native-epoll (linux-x86_64): on such a machine
 * Vert.x must really run on epoll, not silently on NIO because the library went missing from the build.
 */
@QuarkusTest
@TestProfile(UpstreamsProfile.class)
class NativeTransportTest {

    @Inject
    Vertx vertx;

    @Test
    void linuxX8664RunsOnEpoll() {
        String arch = System.getProperty("os.arch");
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux")
                && ("amd64".equals(arch) || "x86_64".equals(arch)), "the bundled epoll library is linux-x86_64");
        assertTrue(vertx.isNativeTransportEnabled(),
                "Vert.x fell back to NIO: " + vertx.unavailableNativeTransportCause());
    }
}
