package io.llmrouter.core.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The seed estimator's documented examples, kept exact so that estimates do not shift for existing users. */
class TokenEstimatorSeedParityTest {

    private final TokenEstimator estimator = new TokenEstimator();

    @Test
    void englishExample() {
        assertEquals(4, estimator.estimate("Hello world!"));
    }

    @Test
    void chineseExample() {
        assertEquals(3, estimator.estimate("你好世界"));
    }
}
