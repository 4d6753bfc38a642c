package io.llmrouter.service.config;

/** What a public model is called for: the model lists name the methods and endpoints of each kind. */
public enum ModelKind {
    /** Chat: OpenAI's chat completions and responses, Anthropic's messages, Gemini's generateContent, Cohere's chat. */
    CHAT,
    /** Embeddings: OpenAI's embeddings, Gemini's embedContent, Cohere's embed. */
    EMBEDDINGS
}
