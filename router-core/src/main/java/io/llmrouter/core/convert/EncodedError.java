package io.llmrouter.core.convert;

/** An error body in a client protocol's format, with the status to send it with. */
public record EncodedError(int status, String contentType, byte[] body) {
}
