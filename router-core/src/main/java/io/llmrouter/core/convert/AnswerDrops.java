package io.llmrouter.core.convert;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;

/**
 * What of an answer's reasoning a client's protocol cannot receive, named in the answer's drops: the text where the
 * protocol has no place for it, a signature or redacted thinking another provider made (it means nothing to this
 * client, and the router would not send it back to that provider from here anyway).
 */
public final class AnswerDrops {

    private AnswerDrops() {
    }

    /**
     * Reports the reasoning of {@code answer} that a client of {@code client} does not get; {@code carriesText} says
     * whether the protocol shows reasoning text at all.
     */
    public static void reasoning(ChatResponse answer, Protocol client, boolean carriesText, Drops drops) {
        for (ContentPart.Reasoning r : answer.reasoning()) {
            if (r.redacted()) {
                if (r.origin() != client) {
                    drops.answer("redacted_reasoning");
                }
                continue;
            }
            if (r.signature() != null && r.origin() != client) {
                drops.answer("reasoning.signature");
            }
            if (!carriesText && !r.text().isEmpty()) {
                drops.answer("reasoning");
            }
        }
    }
}
