package io.llmrouter.core.governance;

/** The outcome of a governance check: the call goes on with its {@link Settlement}, or it is refused. */
public sealed interface Pass {

    /** Admitted; the settlement must be settled exactly once, when the call ends. */
    record Admitted(Settlement settlement) implements Pass {
    }

    /**
     * Refused before any upstream call; everything the call had reserved is given back.
     *
     * @param reason           why
     * @param scope            {@code tenant} or {@code key}: whose limit refused it
     * @param message          what the caller is told (names the limit, never a key)
     * @param retryAfterMillis when to try again (the window's end, the budget's reset; 1 s for concurrency)
     * @param resetsAtMillis   a budget's reset, milliseconds since the epoch; -1 for other reasons
     */
    record Refused(Refusal reason, String scope, String message, long retryAfterMillis, long resetsAtMillis)
            implements Pass {
    }
}
