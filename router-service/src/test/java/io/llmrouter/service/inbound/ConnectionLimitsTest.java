package io.llmrouter.service.inbound;

import static io.llmrouter.service.inbound.RawClient.connect;
import static io.llmrouter.service.inbound.RawClient.send;
import static io.llmrouter.service.inbound.RawClient.untilClosed;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Connection floods ({@link ConnectionLimitsProfile}: 5 connections, 3 per address): a connection over a limit is
 * answered (429 per address, 503 in all) and closed at once, the connections already open keep working, health on
 * the management port stays answerable, and once connections go the API serves new ones again.
 */
@QuarkusTest
@TestProfile(ConnectionLimitsProfile.class)
class ConnectionLimitsTest {

    @Inject
    InboundGuard guard;
    @Inject
    MeterRegistry registry;

    @Test
    void connectionsOverTheLimitsAreRefusedWhileHealthStaysAnswerable() throws Exception {
        guard.installed().toCompletableFuture().get(30, TimeUnit.SECONDS);
        RawClient.await(guard::openConnections, 0, "connections open before the flood");
        double perAddressBefore = refused("max-connections-per-address");
        double totalBefore = refused("max-connections");
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(connect("127.0.0.1"));
            }
            RawClient.await(guard::openConnections, 3, "connections from 127.0.0.1");
            try (Socket fourth = connect("127.0.0.1")) {
                String answer = untilClosed(fourth);
                assertTrue(answer.startsWith("HTTP/1.1 429 Too Many Requests\r\n"), answer);
                assertTrue(answer.toLowerCase(Locale.ROOT).contains("\r\nretry-after: 1\r\n"), answer);
                assertTrue(answer.contains("Too many open connections from this address"), answer);
            }
            RawClient.await(guard::openConnections, 3, "connections once the fourth from 127.0.0.1 is gone");
            held.add(connect("127.0.0.2"));
            held.add(connect("127.0.0.2"));
            RawClient.await(guard::openConnections, 5, "connections at the limit");
            try (Socket sixth = connect("127.0.0.3")) {
                String answer = untilClosed(sixth);
                assertTrue(answer.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), answer);
                assertTrue(answer.contains("too many open connections"), answer);
            }
            given().port(ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class))
                    .get("/q/health/live").then().statusCode(200);
            // The connections let in are served as usual.
            send(held.get(0), "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sim-key\r\n\r\n");
            assertTrue(RawClient.response(held.get(0)).startsWith("HTTP/1.1 200 "));
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        RawClient.await(guard::openConnections, 0, "connections after the flood");
        given().header("Authorization", "Bearer sim-key").get("/v1/models").then().statusCode(200);
        assertEquals(perAddressBefore + 1, refused("max-connections-per-address"));
        assertEquals(totalBefore + 1, refused("max-connections"));
    }

    private double refused(String reason) {
        var counter = registry.find("router_http_connections_refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
