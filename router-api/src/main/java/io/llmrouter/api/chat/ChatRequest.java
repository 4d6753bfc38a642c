package io.llmrouter.api.chat;

import java.util.List;
import java.util.Map;

/**
 * A chat request in the router's intermediate form; every codec decodes into and encodes from this.
 *
 * @param model             requested public model name
 * @param system            system prompt (all system/developer messages joined with blank lines), or null
 * @param messages          conversation turns, in order
 * @param tools             tool definitions (empty for none)
 * @param toolChoice        tool choice, or null when the client said nothing
 * @param parallelToolCalls whether parallel calls are allowed, or null when unspecified
 * @param temperature       sampling temperature, or null
 * @param topP              nucleus sampling, or null
 * @param topK              top-k sampling, or null
 * @param maxTokens         output token limit, or null
 * @param stop              stop sequences (empty for none)
 * @param seed              sampling seed, or null
 * @param presencePenalty   presence penalty, or null
 * @param frequencyPenalty  frequency penalty, or null
 * @param responseFormat    JSON mode or structured output, or null for free text
 * @param user              the end user the caller acts for (OpenAI {@code safety_identifier} or {@code user},
 *                          Anthropic {@code metadata.user_id}), passed on for the provider's abuse monitoring; or null
 * @param stream            whether the client asked for a stream
 * @param includeUsage      whether the client asked for usage in the stream (OpenAI {@code stream_options})
 * @param reasoning         what the client asked of the model's reasoning, or null for the provider's default
 * @param metadata          the client's request metadata (OpenAI {@code metadata}), empty for none
 */
public record ChatRequest(
        String model,
        String system,
        List<Message> messages,
        List<ToolDefinition> tools,
        ToolChoice toolChoice,
        Boolean parallelToolCalls,
        Double temperature,
        Double topP,
        Integer topK,
        Integer maxTokens,
        List<String> stop,
        Long seed,
        Double presencePenalty,
        Double frequencyPenalty,
        ResponseFormat responseFormat,
        String user,
        boolean stream,
        boolean includeUsage,
        ReasoningConfig reasoning,
        Map<String, String> metadata) {

    public ChatRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        stop = stop == null ? List.of() : List.copyOf(stop);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** True when the client asked for reasoning and did not turn it off. */
    public boolean reasoningOn() {
        return reasoning != null && !reasoning.off();
    }

    /** A builder, convenient for tests and codecs that fill fields one at a time. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this request's fields. */
    public Builder toBuilder() {
        return new Builder().model(model).system(system).messages(messages).tools(tools).toolChoice(toolChoice)
                .parallelToolCalls(parallelToolCalls).temperature(temperature).topP(topP).topK(topK)
                .maxTokens(maxTokens).stop(stop).seed(seed).presencePenalty(presencePenalty)
                .frequencyPenalty(frequencyPenalty).responseFormat(responseFormat).user(user).stream(stream)
                .includeUsage(includeUsage).reasoning(reasoning).metadata(metadata);
    }

    /** The same request for another model. */
    public ChatRequest withModel(String newModel) {
        return toBuilder().model(newModel).build();
    }

    /** Mutable builder for {@link ChatRequest}. */
    public static final class Builder {
        private String model;
        private String system;
        private List<Message> messages = List.of();
        private List<ToolDefinition> tools = List.of();
        private ToolChoice toolChoice;
        private Boolean parallelToolCalls;
        private Double temperature;
        private Double topP;
        private Integer topK;
        private Integer maxTokens;
        private List<String> stop = List.of();
        private Long seed;
        private Double presencePenalty;
        private Double frequencyPenalty;
        private ResponseFormat responseFormat;
        private String user;
        private boolean stream;
        private boolean includeUsage;
        private ReasoningConfig reasoning;
        private Map<String, String> metadata = Map.of();

        public Builder model(String v) { model = v; return this; }
        public Builder system(String v) { system = v; return this; }
        public Builder messages(List<Message> v) { messages = v; return this; }
        public Builder tools(List<ToolDefinition> v) { tools = v; return this; }
        public Builder toolChoice(ToolChoice v) { toolChoice = v; return this; }
        public Builder parallelToolCalls(Boolean v) { parallelToolCalls = v; return this; }
        public Builder temperature(Double v) { temperature = v; return this; }
        public Builder topP(Double v) { topP = v; return this; }
        public Builder topK(Integer v) { topK = v; return this; }
        public Builder maxTokens(Integer v) { maxTokens = v; return this; }
        public Builder stop(List<String> v) { stop = v; return this; }
        public Builder seed(Long v) { seed = v; return this; }
        public Builder presencePenalty(Double v) { presencePenalty = v; return this; }
        public Builder frequencyPenalty(Double v) { frequencyPenalty = v; return this; }
        public Builder responseFormat(ResponseFormat v) { responseFormat = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder stream(boolean v) { stream = v; return this; }
        public Builder includeUsage(boolean v) { includeUsage = v; return this; }
        public Builder reasoning(ReasoningConfig v) { reasoning = v; return this; }
        public Builder metadata(Map<String, String> v) { metadata = v; return this; }

        public ChatRequest build() {
            return new ChatRequest(model, system, messages, tools, toolChoice, parallelToolCalls, temperature, topP,
                    topK, maxTokens, stop, seed, presencePenalty, frequencyPenalty, responseFormat, user, stream,
                    includeUsage, reasoning, metadata);
        }
    }
}
