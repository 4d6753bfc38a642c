package io.llmrouter.service.state;

import static io.llmrouter.service.state.BreakerNewsTest.management;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.llmrouter.core.selection.BreakerEvents;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The default store: in memory, no Redis configured or needed, no news sent or listened to. */
@QuarkusTest
class LocalStoreTest {

    @Inject
    SharedState state;
    @Inject
    BreakerNews news;

    @Test
    void theLocalStoreNeedsNoRedisAndIsAlwaysUp() {
        assertFalse(state.settings().shared());
        assertSame(BreakerEvents.NONE, news.of("sim"));
        assertFalse(news.subscribed());
        management().get("/q/health/group/state-store").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks[0].data.store", equalTo("local"));
    }
}
