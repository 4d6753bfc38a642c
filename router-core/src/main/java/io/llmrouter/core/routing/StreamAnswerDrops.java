package io.llmrouter.core.routing;

import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.ProtocolCodec;
import java.util.List;

/**
 * What of a converted stream's answer its client cannot receive, named in the attempt's drops as the events pass: the
 * parts the upstream's decoder left out ({@link StreamEvent.Omitted}) and, per reasoning block, what the client's
 * protocol has no place for (judged by the same rule as a complete answer, {@link ProtocolCodec#answerLost}). The
 * stream's head went out before any of it was known, so these reach the metric and the call's debug line only
 * (docs/protocols.md, "Drops and strict mode").
 */
final class StreamAnswerDrops {

    /** Stands for a reasoning block's text: the rule asks only whether there was any, and the text is not kept. */
    private static final String SOME_TEXT = "...";

    private final ProtocolCodec client;
    private final Drops drops;
    private boolean text;
    private StreamEvent.ReasoningSignature signature;

    StreamAnswerDrops(ProtocolCodec client, Drops drops) {
        this.client = client;
        this.drops = drops;
    }

    void onEvent(StreamEvent event) {
        if (event instanceof StreamEvent.Omitted o) {
            drops.answer(o.part());
        } else if (event instanceof StreamEvent.ReasoningDelta d) {
            text |= !d.text().isEmpty();
        } else if (event instanceof StreamEvent.ReasoningSignature s) {
            signature = s;
        } else if (event instanceof StreamEvent.BlockStop b && b.toolIndex() == StreamEvent.BlockStop.REASONING) {
            endBlock();
        }
    }

    /** The stream ended: a reasoning block left open is judged too. */
    void end() {
        endBlock();
    }

    private void endBlock() {
        if (!text && signature == null) {
            return;
        }
        ContentPart.Reasoning block = signature == null ? ContentPart.Reasoning.text(SOME_TEXT)
                : new ContentPart.Reasoning(text ? SOME_TEXT : "", signature.signature(), signature.redacted(),
                        signature.origin(), null);
        client.answerLost(new ChatResponse(null, null, List.of(block), null, null), drops);
        text = false;
        signature = null;
    }
}
