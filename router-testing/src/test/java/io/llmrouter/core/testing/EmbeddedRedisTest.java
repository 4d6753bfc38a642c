package io.llmrouter.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmbeddedRedisTest {

    @Test
    void aRealServerAnswersStopsAndComesBackEmptyOnTheSamePort() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.start()) {
            assertEquals("PONG", redis.call("PING"));
            assertTrue(redis.call("INFO", "server").contains("redis_version:6."), "the artifact's Redis 6.2");
            assertEquals("OK", redis.call("SET", "k", "v"));
            assertEquals("v", redis.call("GET", "k"));
            assertEquals("noeviction", redis.call("CONFIG", "GET", "maxmemory-policy").split("\n")[1]);
            int port = redis.port();
            redis.stop();
            assertThrows(UncheckedIOException.class, () -> redis.call("PING"));
            redis.restart();
            assertEquals(port, redis.port());
            assertNull(redis.call("GET", "k"), "nothing is persisted");
        }
    }

    @Test
    void aSubscriptionSeesWhatIsPublished() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.start();
             EmbeddedRedis.Subscription news = redis.subscribe("news")) {
            assertEquals("1", redis.call("PUBLISH", "news", "{\"a\":1}\nsecond line"));
            assertEquals("{\"a\":1}\nsecond line", news.next(Duration.ofSeconds(10)));
        }
    }
}
