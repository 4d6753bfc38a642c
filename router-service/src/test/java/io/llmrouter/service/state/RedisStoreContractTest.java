package io.llmrouter.service.state;

import io.llmrouter.core.governance.StateStore;
import io.llmrouter.core.governance.StateStoreContractTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The state store contract of router-core, on the application's Redis store and a real redis-server: the same cases
 * that {@code LocalStateStoreTest} runs in memory.
 */
@QuarkusTest
@TestProfile(SharedStateProfile.class)
class RedisStoreContractTest extends StateStoreContractTest {

    @Inject
    StateStore store;

    @Override
    protected StateStore store() {
        RedisResource.redis().call("FLUSHALL");
        if (!store.name().equals("redis")) {
            throw new AssertionError("the profile's store is " + store.name());
        }
        return store;
    }
}
