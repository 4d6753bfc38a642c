package io.llmrouter.service.protocols;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** One HTTP call of a client to the running router, authenticated the way that protocol's SDK does it. */
final class Exchange {

    private Exchange() {
    }

    static Response call(ClientProtocol client, String model, String prompt, boolean tools, boolean stream,
                         boolean sse) {
        RequestSpecification spec = given().contentType("application/json")
                .body(client.body(model, prompt, tools, stream).toString());
        spec = switch (client) {
            case ANTHROPIC -> spec.header("x-api-key", ProtocolsProfile.KEY).header("anthropic-version", "2023-06-01");
            case GEMINI -> spec.header("x-goog-api-key", ProtocolsProfile.KEY);
            default -> spec.header("Authorization", "Bearer " + ProtocolsProfile.KEY);
        };
        String path = client.path(model, stream, sse);
        int q = path.indexOf('?');
        if (q > 0) {
            spec = spec.queryParam(path.substring(q + 1, path.indexOf('=')), path.substring(path.indexOf('=') + 1));
            path = path.substring(0, q);
        }
        return spec.urlEncodingEnabled(false).when().post(path).andReturn();
    }

    /** Reads the answer (complete or streamed) after asserting the status and the content type. */
    static Answer read(ClientProtocol client, Response r, boolean stream, boolean sse) {
        String body = r.asString();
        if (r.statusCode() != 200) {
            throw new AssertionError("status " + r.statusCode() + ": " + body);
        }
        String type = r.contentType();
        if (stream) {
            if (!type.startsWith(client.streamContentType(sse))) {
                throw new AssertionError("stream content type " + type + ", expected " + client.streamContentType(sse));
            }
            return client.parseStream(body, sse);
        }
        if (!type.startsWith("application/json")) {
            throw new AssertionError("content type " + type);
        }
        return client.parse(ClientProtocol.tree(body));
    }
}
