package io.llmrouter.core.usage;

import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.chat.ToolDefinition;

/**
 * Chinese-aware token estimate for when an upstream reports no usage; stateless and safe to share.
 *
 * <p>Text costs are weighted per character class ({@link CodePointWeights}), within 15% of o200k_base on
 * English, Chinese, mixed, code and JSON text. Framing costs follow OpenAI's cookbook
 * ("How to count tokens with tiktoken"): 3 tokens per message, 3 to prime the reply, and for function
 * definitions 7 tokens per function plus 12 for the block.
 */
public class TokenEstimator {

    /** Per-message framing ({@code <|start|>role<|message|>…<|end|>}). */
    static final int TOKENS_PER_MESSAGE = 3;
    /** Every reply is primed with {@code <|start|>assistant<|message|>}. */
    static final int REPLY_PRIMING = 3;
    /** Per function definition (cookbook {@code func_init}). */
    static final int TOKENS_PER_TOOL = 7;
    /** Closing the function definitions block (cookbook {@code func_end}). */
    static final int TOOLS_BLOCK = 12;
    /** Per tool call or tool result: its id and the JSON framing around name and arguments. */
    static final int TOKENS_PER_TOOL_CALL = 3;
    /**
     * Per image, whose size the router does not decode: OpenAI bills a 1024×1024 image at the default
     * detail as 85 base + 4 tiles × 170 = 765 tokens; Anthropic's width×height/750 gives ~1,400 for the same
     * image and Gemini 258 per 768-px tile, so 765 sits between the vendors.
     */
    static final int TOKENS_PER_IMAGE = 765;

    /** Estimated tokens of {@code text}; 0 for null or empty. */
    public int estimate(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        long milli = 0;
        for (int i = 0, n = text.length(); i < n; ) {
            int cp = text.codePointAt(i);
            milli += CodePointWeights.of(cp);
            i += Character.charCount(cp);
        }
        // round up: a non-empty text is at least one token
        return (int) Math.min(Integer.MAX_VALUE, (milli + 999) / 1000);
    }

    /** Estimated input tokens of a request: system, messages, tool calls and results, images, tool definitions. */
    public int estimateRequest(ChatRequest request) {
        long tokens = REPLY_PRIMING;
        if (request.system() != null && !request.system().isEmpty()) {
            tokens += TOKENS_PER_MESSAGE + estimate(request.system());
        }
        for (Message message : request.messages()) {
            tokens += TOKENS_PER_MESSAGE;
            for (ContentPart part : message.content()) {
                tokens += estimatePart(part);
            }
        }
        if (!request.tools().isEmpty()) {
            tokens += TOOLS_BLOCK;
            for (ToolDefinition tool : request.tools()) {
                tokens += estimateTool(tool);
            }
        }
        return saturate(tokens);
    }

    /** Estimated output tokens of a complete response: its reasoning, text and tool calls. */
    public int estimateResponse(ChatResponse response) {
        long tokens = 0;
        for (ContentPart part : response.content()) {
            tokens += estimatePart(part);
        }
        return saturate(tokens);
    }

    /** Estimated usage of a stream whose upstream reported none: the request and the text streamed back. */
    public TokenCounts estimateCounts(ChatRequest request, String outputText) {
        return new TokenCounts(estimateRequest(request), estimate(outputText));
    }

    private long estimatePart(ContentPart part) {
        if (part instanceof ContentPart.Text t) {
            return estimate(t.text());
        }
        if (part instanceof ContentPart.Image) {
            return TOKENS_PER_IMAGE;
        }
        if (part instanceof ContentPart.ToolCall c) {
            return TOKENS_PER_TOOL_CALL + estimate(c.name()) + estimate(c.arguments());
        }
        if (part instanceof ContentPart.Reasoning r) {
            // The reasoning text; an opaque signature is the provider's bookkeeping, counted as it chooses.
            return estimate(r.text());
        }
        ContentPart.ToolResult r = (ContentPart.ToolResult) part;
        return TOKENS_PER_TOOL_CALL + estimate(r.name()) + estimate(r.content());
    }

    private long estimateTool(ToolDefinition tool) {
        long tokens = TOKENS_PER_TOOL + estimate(tool.name()) + estimate(tool.description());
        if (tool.parameters() != null) {
            tokens += estimate(tool.parameters().toString());
        }
        return tokens;
    }

    private static int saturate(long tokens) {
        return (int) Math.min(Integer.MAX_VALUE, tokens);
    }
}
