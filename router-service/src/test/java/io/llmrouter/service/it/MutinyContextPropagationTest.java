package io.llmrouter.service.it;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * By default Mutiny callbacks are not wrapped by the context-propagation decorator (a capture and restore of every
 * thread context around each callback, which the event-loop-only call path does not need). The routing, access and
 * protocol tests all run this way; {@link ContextPropagationOnRoutingTest} covers the switch turned on.
 */
@QuarkusTest
@TestProfile(UpstreamsProfile.class)
class MutinyContextPropagationTest {

    @Test
    void mutinyCallbacksAreNotDecoratedByDefault() {
        Function<String, String> callback = s -> s;
        assertSame(callback, Infrastructure.decorate(callback));
    }
}
