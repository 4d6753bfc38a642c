package io.llmrouter.core.convert.openai.responses;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.core.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes an intermediate answer as a {@code response} object for a Responses client: reasoning becomes
 * {@code reasoning} items, text runs {@code message} items, tool calls {@code function_call} items, in the answer's
 * order (docs/protocols.md#openai-responses).
 */
final class ResponsesResponseEncoder {

    private final Clock clock;

    ResponsesResponseEncoder(Clock clock) {
        this.clock = clock;
    }

    byte[] encode(ChatResponse response, ChatRequest request) {
        String id = ResponsesItems.responseId(response.id());
        ResponseObject head = new ResponseObject(id, clock.instant().getEpochSecond(),
                response.model() != null ? response.model() : request == null ? "" : request.model());
        List<ResponsesItems.Item> output = items(response, id, request == null || request.reasoning() == null
                || request.reasoning().showThoughts());
        ResponseObject.Outcome outcome = outcome(response.finishReason(), response.usage());
        return Json.write(g -> head.write(g, request, output, outcome));
    }

    /**
     * The output items of an answer; adjacent text parts make one message. Reasoning is an item when there is
     * something in it for the client: its text (unless the client declined it), or encrypted content OpenAI minted;
     * another provider's signature alone is nothing a Responses client could show or replay.
     */
    private static List<ResponsesItems.Item> items(ChatResponse response, String id, boolean showThoughts) {
        List<ResponsesItems.Item> items = new ArrayList<>(response.content().size());
        ResponsesItems.Item message = null;
        for (ContentPart p : response.content()) {
            if (p instanceof ContentPart.Reasoning r) {
                boolean replayable = r.signedBy(Protocol.OPENAI_RESPONSES);
                String text = showThoughts ? r.text() : "";
                if (text.isEmpty() && !replayable) {
                    continue;
                }
                message = null;
                ResponsesItems.Item item = replayable && r.id() != null
                        ? new ResponsesItems.Item(ResponsesItems.Type.REASONING, items.size(), r.id(), null, null)
                        : new ResponsesItems.Item(ResponsesItems.Type.REASONING, id, items.size(), null, null);
                item.content.append(text);
                item.encryptedContent = replayable ? r.signature() : null;
                items.add(item);
            } else if (p instanceof ContentPart.Text t) {
                if (message == null) {
                    message = new ResponsesItems.Item(ResponsesItems.Type.MESSAGE, id, items.size(), null, null);
                    items.add(message);
                }
                message.content.append(t.text());
            } else if (p instanceof ContentPart.ToolCall c) {
                message = null;
                ResponsesItems.Item call = new ResponsesItems.Item(ResponsesItems.Type.FUNCTION_CALL, id,
                        items.size(), c.id(), c.name());
                call.content.append(c.arguments() == null ? "{}" : c.arguments());
                items.add(call);
            }
        }
        return items;
    }

    /**
     * The status for a finish reason: an answer cut by the output limit or a content filter is {@code incomplete}
     * with that reason, every other one {@code completed} (Responses has no stop-sequence or error reason).
     * Usage is always written, zeros when none is known.
     */
    static ResponseObject.Outcome outcome(FinishReason reason, TokenCounts counts) {
        // A complete response always carries usage: openai-java requires every count.
        TokenCounts usage = counts == null ? TokenCounts.ZERO : counts;
        if (reason == FinishReason.LENGTH) {
            return new ResponseObject.Outcome("incomplete", usage, null, "max_output_tokens");
        }
        if (reason == FinishReason.CONTENT_FILTER) {
            return new ResponseObject.Outcome("incomplete", usage, null, "content_filter");
        }
        return new ResponseObject.Outcome("completed", usage, null, null);
    }
}
