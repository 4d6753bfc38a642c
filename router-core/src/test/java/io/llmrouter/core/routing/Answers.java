package io.llmrouter.core.routing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.llmrouter.api.Usage;
import io.smallrye.mutiny.Multi;

/** What tests read of a {@link RoutedResponse}, asserting first which kind of answer it is. */
final class Answers {

    private Answers() {
    }

    /** The body of a complete answer. */
    static byte[] body(RoutedResponse r) {
        return assertInstanceOf(RoutedResponse.Complete.class, r, "a complete answer").body();
    }

    /** The usage of a complete answer an upstream gave. */
    static Usage usage(RoutedResponse r) {
        return assertInstanceOf(RoutedResponse.Complete.class, r, "a complete answer").usage().orElseThrow();
    }

    /** The frames of a streamed answer. */
    static Multi<byte[]> frames(RoutedResponse r) {
        return assertInstanceOf(RoutedResponse.Streamed.class, r, "a stream").frames();
    }
}
