package io.llmrouter.core.governance;

import io.llmrouter.service.state.RedisResource;
import io.llmrouter.service.state.SharedStateProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The state store contract of router-core, on the application's Redis store and a real redis-server: the same cases
 * that {@code LocalStateStoreTest} runs in memory. (In this package for the contract's hook.)
 */
@QuarkusTest
@TestProfile(SharedStateProfile.class)
class RedisStoreContractTest extends StateStoreContractTest {

    @Inject
    StateStore store;

    @Override
    StateStore store() {
        RedisResource.redis().call("FLUSHALL");
        if (!store.name().equals("redis")) {
            throw new AssertionError("the profile's store is " + store.name());
        }
        return store;
    }
}
