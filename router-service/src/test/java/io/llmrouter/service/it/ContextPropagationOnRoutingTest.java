package io.llmrouter.service.it;

import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every routing test of {@link RoutingTest} again, with {@code router.context-propagation=true}. */
@QuarkusTest
@TestProfile(ContextPropagationProfile.class)
class ContextPropagationOnRoutingTest extends RoutingTest {

    @Test
    void mutinyCallbacksAreDecoratedWhenAskedFor() {
        Function<String, String> callback = s -> s;
        assertNotSame(callback, Infrastructure.decorate(callback), "the context-propagation decorator wraps it");
    }
}
