package io.llmrouter.core.wire;

/** A complete upstream answer: status, headers and the whole body. */
public record UpstreamResponse(int status, HeaderLookup headers, byte[] body) {

    /** True for 2xx. */
    public boolean successful() {
        return status >= 200 && status < 300;
    }
}
