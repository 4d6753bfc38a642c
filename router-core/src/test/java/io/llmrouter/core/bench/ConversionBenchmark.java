package io.llmrouter.core.bench;

import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.convert.StreamDecoder;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.wire.InboundContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The conversion work of one call of the service load bench (bench/run.sh, same bodies): case (b) OpenAI in,
 * Anthropic out, request and answer; case (c)'s request, Anthropic in, Gemini out; and the unpaced stream of case (f),
 * 25 Anthropic events turned into OpenAI chunks. Parsing, the IR and serialisation, no HTTP.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConversionBenchmark {

    private static final Key ANTHROPIC = new Key(Protocol.ANTHROPIC, "http://127.0.0.1:1", "k", null);
    private static final Key GEMINI = new Key(Protocol.GEMINI, "http://127.0.0.1:1", "k", null);

    private ProtocolCodec openai;
    private ProtocolCodec anthropic;
    private ProtocolCodec gemini;
    private byte[] openaiRequest;
    private byte[] anthropicRequest;
    private byte[] anthropicResponse;
    private byte[] openaiResponse;
    private byte[] anthropicStream;
    private ChatRequest decodedOpenaiRequest;
    private ChatResponse decodedAnthropicResponse;

    @Setup
    public void setUp() {
        Codecs codecs = Codecs.defaults();
        openai = codecs.of(Protocol.OPENAI);
        anthropic = codecs.of(Protocol.ANTHROPIC);
        gemini = codecs.of(Protocol.GEMINI);
        openaiRequest = body("openai-request.json");
        anthropicRequest = body("anthropic-request.json");
        anthropicResponse = read("bench/bodies/anthropic-response.json");
        openaiResponse = read("bench/bodies/openai-response.json");
        StringBuilder sse = new StringBuilder("event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
                + "{\"id\":\"msg_warm\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\","
                + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":71,"
                + "\"output_tokens\":1}}}\n\nevent: content_block_start\ndata: {\"type\":\"content_block_start\","
                + "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        for (int i = 1; i <= 20; i++) {
            sse.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                    + "{\"type\":\"text_delta\",\"text\":\"word").append(i).append(" \"}}\n\n");
        }
        sse.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":20}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        anthropicStream = sse.toString().getBytes(StandardCharsets.UTF_8);
        decodedOpenaiRequest = openai.decodeRequest(openaiRequest, InboundContext.BODY_ONLY);
        decodedAnthropicResponse = anthropic.decodeResponse(anthropicResponse);
    }

    /** Case (b), one step: the OpenAI request parsed and decoded. */
    @Benchmark
    public ChatRequest openaiRequestDecode() {
        return openai.decodeRequest(openaiRequest, InboundContext.BODY_ONLY);
    }

    /** Case (b), one step: the decoded request encoded for Anthropic. */
    @Benchmark
    public byte[] anthropicRequestEncode() {
        return anthropic.encodeRequest(decodedOpenaiRequest, "claude-haiku-4-5", ANTHROPIC).body();
    }

    /** Case (b), one step: the Anthropic answer parsed and decoded. */
    @Benchmark
    public ChatResponse anthropicResponseDecode() {
        return anthropic.decodeResponse(anthropicResponse);
    }

    /** Case (a)'s answer, one step: an OpenAI answer parsed and decoded (usage and headers of a passthrough). */
    @Benchmark
    public ChatResponse openaiResponseDecode() {
        return openai.decodeResponse(openaiResponse);
    }

    /** Case (b), one step: the decoded answer encoded for the OpenAI caller. */
    @Benchmark
    public byte[] openaiResponseEncode() {
        return openai.encodeResponse(decodedAnthropicResponse, decodedOpenaiRequest);
    }

    /** Case (b), request: OpenAI body parsed and decoded, encoded for Anthropic. */
    @Benchmark
    public byte[] openaiToAnthropicRequest() {
        ChatRequest request = openai.decodeRequest(openaiRequest, InboundContext.BODY_ONLY);
        return anthropic.encodeRequest(request, "claude-haiku-4-5", ANTHROPIC).body();
    }

    /** Case (b), answer: Anthropic answer parsed and decoded, encoded for the OpenAI caller. */
    @Benchmark
    public byte[] anthropicToOpenaiResponse(Blackhole bh) {
        ChatRequest request = openai.decodeRequest(openaiRequest, InboundContext.BODY_ONLY);
        bh.consume(request);
        return openai.encodeResponse(anthropic.decodeResponse(anthropicResponse), request);
    }

    /** Case (c), request: Anthropic body parsed and decoded, encoded for Gemini. */
    @Benchmark
    public byte[] anthropicToGeminiRequest() {
        ChatRequest request = anthropic.decodeRequest(anthropicRequest, InboundContext.BODY_ONLY);
        return gemini.encodeRequest(request, "gemini-2.0-flash", GEMINI).body();
    }

    /** Case (f): a whole 25-event Anthropic stream, in one read, as OpenAI chunks. */
    @Benchmark
    public void anthropicToOpenaiStream(Blackhole bh) {
        ChatRequest request = openai.decodeRequest(openaiRequest, InboundContext.BODY_ONLY);
        StreamDecoder decoder = anthropic.streamDecoder();
        StreamEncoder encoder = openai.streamEncoder(request, InboundContext.BODY_ONLY);
        decoder.feed(anthropicStream, event -> encoder.encode(event, bh::consume));
        decoder.end(event -> encoder.encode(event, bh::consume));
        encoder.end(bh::consume);
    }

    private static byte[] body(String name) {
        return new String(read("bench/bodies/" + name), StandardCharsets.UTF_8)
                .replace("\"MODEL\"", "\"bench-model\"").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(String path) {
        // JMH runs from the repository root (bench/jmh.sh); the module directory works too.
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            p = Path.of("..").resolve(path);
        }
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
