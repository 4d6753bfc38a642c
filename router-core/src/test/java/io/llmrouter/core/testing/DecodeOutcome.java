package io.llmrouter.core.testing;

import io.llmrouter.api.error.RouterException;
import java.util.function.Supplier;

/** What a decoder makes of a body, as one comparable value: its result, the error it answered, or what escaped it. */
public final class DecodeOutcome {

    private DecodeOutcome() {
    }

    /** The decoded value, the {@link io.llmrouter.api.error.ApiError} of a refusal, or "unexpected " + a bug. */
    public static Object of(Supplier<?> decode) {
        try {
            return decode.get();
        } catch (RouterException e) {
            return e.error();
        } catch (RuntimeException e) {
            return "unexpected " + e;
        }
    }
}
