package io.llmrouter.core.routing;

import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.InboundContext;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.convert.StreamDecoder;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.failure.Timeouts;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.stream.Bytes;
import io.smallrye.mutiny.Multi;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Converts one upstream stream into client frames as the bytes arrive: upstream bytes → decoder → events → encoder
 * → frames, chunk by chunk, nothing held back beyond what a frame needs. Same-protocol streams are forwarded byte for
 * byte while the decoder still watches them for usage. Tracks usage and, when the upstream reports none, injects an
 * estimate (marked not accurate) before the stream ends, so usage always reaches the client.
 */
final class StreamPipeline {

    private final StreamDecoder decoder;
    private final StreamEncoder encoder;
    private final boolean passthrough;
    private final ProtocolCodec client;
    private final ChatRequest request;
    private final InboundContext ctx;
    private final TokenEstimator estimator;
    private final int estimatedInput;

    private TokenCounts reported;
    private int estimatedOutput;
    private boolean failed;
    private boolean transportFailed;
    private List<byte[]> out;
    private final Consumer<StreamEvent> onEvent = this::onEvent;
    private final Consumer<byte[]> onFrame = frame -> out.add(frame);

    StreamPipeline(StreamDecoder decoder, StreamEncoder encoder, boolean passthrough, ProtocolCodec client,
                   ChatRequest request, InboundContext ctx, TokenEstimator estimator, int estimatedInput) {
        this.decoder = decoder;
        this.encoder = encoder;
        this.passthrough = passthrough;
        this.client = client;
        this.request = request;
        this.ctx = ctx;
        this.estimator = estimator;
        this.estimatedInput = estimatedInput;
    }

    String contentType() {
        return encoder.contentType();
    }

    /** The client frames for an upstream body; {@code onBreak} hears of a body that fails (an error frame follows). */
    Multi<byte[]> frames(Multi<byte[]> upstreamBody, Consumer<Throwable> onBreak) {
        Multi<byte[]> converted = upstreamBody
                .onItem().transformToIterable(this::onChunk)
                .onFailure().recoverWithMulti(t -> {
                    onBreak.accept(t);
                    return Multi.createFrom().iterable(onUpstreamFailure(t));
                });
        return Multi.createBy().concatenating().streams(converted,
                Multi.createFrom().deferred(() -> Multi.createFrom().iterable(onEnd())));
    }

    private List<byte[]> onChunk(byte[] chunk) {
        out = new ArrayList<>(4);
        if (passthrough) {
            out.add(chunk);
        }
        decoder.feed(chunk, onEvent);
        return joined(out);
    }

    private List<byte[]> onEnd() {
        out = new ArrayList<>(4);
        if (!transportFailed) {
            decoder.end(onEvent);
        }
        if (!passthrough) {
            if (reported == null && !failed) {
                encoder.encode(new StreamEvent.UsageReport(counts(), false), onFrame);
            }
            // Also after an error: some framings need their closing bytes (Gemini's JSON array needs its ']').
            encoder.end(onFrame);
        }
        return joined(out);
    }

    private List<byte[]> onUpstreamFailure(Throwable t) {
        failed = true;
        transportFailed = true;
        out = new ArrayList<>(4);
        ErrorKind kind = Timeouts.isTimeout(t) ? ErrorKind.TIMEOUT : ErrorKind.BAD_GATEWAY;
        ApiError error = ApiError.of(kind, "upstream stream failed: "
                + (kind == ErrorKind.TIMEOUT ? "no data within the idle timeout" : "connection lost"));
        if (passthrough) {
            // The raw bytes went out untouched; a fresh encoder writes just the error frame in the client's format.
            StreamEncoder errorEncoder = client.streamEncoder(request, ctx);
            errorEncoder.encode(new StreamEvent.Start(null, request.model(), null), frame -> { });
            errorEncoder.encode(new StreamEvent.Error(error), onFrame);
        } else {
            encoder.encode(new StreamEvent.Error(error), onFrame);
        }
        return joined(out);
    }

    /**
     * The frames one upstream read produced, as one write. Each item the client's response gets costs a write (a
     * writer lookup, a copy and a flush in RESTEasy Reactive, a syscall), which an upstream that sends twenty events
     * in one read would pay twenty times. Nothing waits for a later read, so a paced upstream's spacing is kept
     * exactly.
     */
    private static List<byte[]> joined(List<byte[]> frames) {
        return frames.size() <= 1 ? frames : List.of(Bytes.concat(frames));
    }

    private void onEvent(StreamEvent event) {
        if (event instanceof StreamEvent.UsageReport u) {
            if (u.accurate()) {
                reported = u.usage();
            }
        } else if (event instanceof StreamEvent.TextDelta d) {
            estimatedOutput += estimator.estimate(d.text());
        } else if (event instanceof StreamEvent.ToolArgumentsDelta d) {
            estimatedOutput += estimator.estimate(d.fragment());
        } else if (event instanceof StreamEvent.ToolCallStart s) {
            estimatedOutput += estimator.estimate(s.name()) + 3;
        } else if (event instanceof StreamEvent.Error) {
            failed = true;
        }
        if (!passthrough) {
            encoder.encode(event, onFrame);
        }
    }

    /** Whether the stream ended with an error. */
    boolean failed() {
        return failed;
    }

    /** Whether the counts came from the upstream. */
    boolean accurate() {
        return reported != null;
    }

    /** Reported counts, else the estimate. */
    TokenCounts counts() {
        if (reported != null) {
            return reported;
        }
        return new TokenCounts(estimatedInput, estimatedOutput);
    }
}
