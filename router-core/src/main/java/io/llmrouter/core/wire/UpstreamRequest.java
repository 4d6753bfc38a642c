package io.llmrouter.core.wire;

import java.util.Map;

/**
 * An HTTP request ready to send upstream.
 *
 * @param url     absolute URL (the base URL rule applied, query included)
 * @param headers request headers, credentials included (never log them)
 * @param body    JSON body
 * @param stream  whether the answer will be a stream
 */
public record UpstreamRequest(String url, Map<String, String> headers, byte[] body, boolean stream) {

    @Override
    public String toString() {
        return "UpstreamRequest[url=" + url + ", stream=" + stream + ", bytes=" + body.length + "]";
    }
}
