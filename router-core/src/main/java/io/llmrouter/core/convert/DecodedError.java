package io.llmrouter.core.convert;

import io.llmrouter.api.error.ApiError;
import io.llmrouter.core.failure.ErrorFacts;

/**
 * An upstream's error answer as its protocol's error reader read it, from one parse of the body: the error in the
 * router's terms (what the caller may be told of it: {@link UpstreamErrors}), and the facts the
 * {@link io.llmrouter.core.failure.FailureClassifier} weighs.
 */
public record DecodedError(ApiError error, ErrorFacts facts) {

    /** An error whose body says nothing beyond its status. */
    public static DecodedError of(ApiError error) {
        return new DecodedError(error, ErrorFacts.NONE);
    }
}
