package io.llmrouter.core.routing;

import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.convert.StreamDecoder;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.failure.Timeouts;
import io.llmrouter.core.failure.UpstreamFault;
import io.llmrouter.core.telemetry.Answer;
import io.llmrouter.core.telemetry.ContentCapture;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.Bytes;
import io.llmrouter.core.wire.ContentTypes;
import io.llmrouter.core.wire.InboundContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Converts one upstream stream into client frames as the bytes arrive: upstream bytes → decoder → events → encoder
 * → frames, chunk by chunk, nothing held back beyond what a frame needs. Same-protocol streams are forwarded byte for
 * byte while the decoder still watches them for usage. Tracks usage and, when the upstream reports none, injects an
 * estimate (marked not accurate) before the stream ends, so usage always reaches the client.
 *
 * <p>The stream is verified, not trusted. Nothing goes to the caller before the decoder read the upstream's first
 * event (forwarded bytes wait for it, up to the event limit): an upstream that answers 200 with an empty, garbage or
 * error body, or with an error event first, fails before anything was promised, and the call fails over. From the
 * first frame on, a stream that breaks (connection lost, a limit passed, an undecodable event, no end marker) ends with
 * an error in the caller's protocol, never as a normal stop.
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
    private final int maxHeldBytes;
    /** The answer's text so far, for a tenant whose traces capture content; else null. */
    private final ContentCapture captured;
    /** What of a converted answer the client cannot receive; null when the stream is forwarded as it is. */
    private final StreamAnswerDrops answerDrops;
    private String answerModel;
    private FinishReason finishReason;

    private TokenCounts reported;
    private int estimatedOutput;
    private boolean failed;
    /** Frames went to the caller: from now on a failure ends the caller's stream with an error frame. */
    private boolean committed;
    private boolean eventSeen;
    /** Forwarded bytes waiting for the decoder's first event, and how many. */
    private List<byte[]> held = new ArrayList<>(2);
    private long heldBytes;
    /** Whether the forwarded bytes end with a line break: an error frame appended must start on a line of its own. */
    private boolean atLineStart = true;
    private List<byte[]> out;
    private final Consumer<StreamEvent> onEvent = this::onEvent;
    private final Consumer<byte[]> onFrame = frame -> out.add(frame);

    /**
     * @param maxHeldBytes   the most forwarded bytes held while waiting for the first event (the event limit: what
     *                       comes before the first event belongs to it)
     * @param captureContent whether the answer's text is kept (bounded) for the call's trace
     * @param drops          the attempt's drops, which a converted answer's losses join
     */
    StreamPipeline(StreamDecoder decoder, StreamEncoder encoder, boolean passthrough, ProtocolCodec client,
                   ChatRequest request, InboundContext ctx, TokenEstimator estimator, int estimatedInput,
                   int maxHeldBytes, boolean captureContent, Drops drops) {
        this.decoder = decoder;
        this.encoder = encoder;
        this.passthrough = passthrough;
        this.client = client;
        this.request = request;
        this.ctx = ctx;
        this.estimator = estimator;
        this.estimatedInput = estimatedInput;
        this.maxHeldBytes = maxHeldBytes;
        this.captured = captureContent ? new ContentCapture() : null;
        this.answerDrops = passthrough ? null : new StreamAnswerDrops(client, drops);
    }

    String contentType() {
        return encoder.contentType();
    }

    /**
     * Reads the upstream body until its first event: completes with the client frames (those ready, then the rest as
     * the caller takes them), or fails with what went wrong before anything reached the caller (an
     * {@link UpstreamFault}, the transport's failure, or {@link ErrorBeforeStream} for an error event of the
     * upstream's own). Later failures end the frames with an error frame; {@code onBreak} hears of them.
     */
    Uni<Multi<byte[]>> open(Multi<byte[]> upstreamBody, Consumer<Throwable> onBreak) {
        Multi<byte[]> frames = Multi.createBy().concatenating().streams(
                upstreamBody.onItem().transformToIterable(this::onChunk),
                Multi.createFrom().deferred(() -> Multi.createFrom().iterable(onEnd())));
        return FirstItemGate.open(frames, () -> new UpstreamFault(UpstreamFault.Kind.TRUNCATED,
                        "upstream stream ended before its first event"))
                .map(opened -> opened.onFailure().recoverWithMulti(t -> {
                    onBreak.accept(t);
                    return Multi.createFrom().iterable(onUpstreamFailure(t));
                }));
    }

    private List<byte[]> onChunk(byte[] chunk) {
        out = new ArrayList<>(4);
        if (passthrough) {
            if (committed) {
                forward(chunk);
            } else {
                held.add(chunk);
                heldBytes += chunk.length;
            }
        }
        decoder.feed(chunk, onEvent);
        if (passthrough && !eventSeen && heldBytes > maxHeldBytes) {
            throw new UpstreamFault(UpstreamFault.Kind.EVENT_TOO_LARGE, "no event in the first " + maxHeldBytes
                    + " bytes of the stream (router.upstream.max-event-size)");
        }
        return frames();
    }

    private List<byte[]> onEnd() {
        out = new ArrayList<>(4);
        decoder.end(onEvent);
        if (!eventSeen) {
            throw new UpstreamFault(UpstreamFault.Kind.TRUNCATED, "upstream stream ended before its first event");
        }
        if (!passthrough) {
            answerDrops.end();
            if (reported == null && !failed) {
                encoder.encode(new StreamEvent.UsageReport(counts(), false), onFrame);
            }
            encoder.end(onFrame);
        }
        return frames();
    }

    /** The frames of this step; held bytes join them once the first event was read. */
    private List<byte[]> frames() {
        if (passthrough && !committed && eventSeen) {
            for (byte[] b : held) {
                forward(b);
            }
            held = null;
        }
        List<byte[]> frames = joined(out);
        if (!frames.isEmpty()) {
            committed = true;
        }
        return frames;
    }

    private void forward(byte[] bytes) {
        if (bytes.length > 0) {
            byte last = bytes[bytes.length - 1];
            atLineStart = last == '\n' || last == '\r';
            out.add(bytes);
        }
    }

    /** After the first frame: the caller's stream ends with an error frame of its protocol. */
    private List<byte[]> onUpstreamFailure(Throwable t) {
        out = new ArrayList<>(4);
        if (failed) {
            // The upstream's own error event went out already; only the closing bytes are missing.
            if (!passthrough) {
                encoder.end(onFrame);
            }
            return joined(out);
        }
        failed = true;
        ApiError error = errorOf(t);
        if (passthrough) {
            // The raw bytes went out untouched; a fresh encoder writes just the error frame in the client's format,
            // after a break that ends whatever line or event the upstream left open.
            boolean sse = ContentTypes.isOneOf(encoder.contentType(), ContentTypes.EVENT_STREAM);
            if (sse || !atLineStart) {
                out.add((atLineStart ? "\n" : sse ? "\n\n" : "\n").getBytes(StandardCharsets.US_ASCII));
            }
            StreamEncoder errorEncoder = client.streamEncoder(request, ctx);
            errorEncoder.encode(new StreamEvent.Start(null, request.model(), null), frame -> { });
            errorEncoder.encode(new StreamEvent.Error(error), onFrame);
        } else {
            encoder.encode(new StreamEvent.Error(error), onFrame);
            // Some framings need their closing bytes after an error too (Gemini's JSON array needs its ']').
            encoder.end(onFrame);
        }
        return joined(out);
    }

    /** What the caller is told: the class of failure, never the upstream's words. */
    private static ApiError errorOf(Throwable t) {
        UpstreamFault fault = UpstreamFault.in(t);
        if (fault != null) {
            return ApiError.of(fault.kind().errorKind(), "upstream stream failed: " + fault.kind().clientMessage());
        }
        boolean timeout = Timeouts.isTimeout(t);
        return ApiError.of(timeout ? ErrorKind.TIMEOUT : ErrorKind.BAD_GATEWAY, "upstream stream failed: "
                + (timeout ? "no data within the idle timeout" : "connection lost"));
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
        eventSeen = true;
        if (event instanceof StreamEvent.UsageReport u) {
            if (u.accurate()) {
                reported = u.usage();
            }
        } else if (event instanceof StreamEvent.TextDelta d) {
            estimatedOutput += estimator.estimate(d.text());
            if (captured != null) {
                captured.append(d.text());
            }
        } else if (event instanceof StreamEvent.ReasoningDelta d) {
            estimatedOutput += estimator.estimate(d.text());
        } else if (event instanceof StreamEvent.Start start) {
            answerModel = start.model();
        } else if (event instanceof StreamEvent.Finish f) {
            finishReason = f.reason();
        } else if (event instanceof StreamEvent.ToolArgumentsDelta d) {
            estimatedOutput += estimator.estimate(d.fragment());
        } else if (event instanceof StreamEvent.ToolCallStart s) {
            estimatedOutput += estimator.estimate(s.name()) + 3;
        } else if (event instanceof StreamEvent.Error e) {
            if (!committed) {
                // Nothing reached the caller: another endpoint may still answer.
                throw new ErrorBeforeStream(e.error());
            }
            failed = true;
        }
        if (!passthrough) {
            answerDrops.onEvent(event);
            encoder.encode(event, onFrame);
        }
    }

    /** What the stream said so far, for the call's trace. */
    Answer answer() {
        return new Answer(answerModel, finishReason, counts(), captured == null ? null : captured.text());
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

    /** The upstream's own error event came before anything reached the caller. */
    static final class ErrorBeforeStream extends RuntimeException {

        private final transient ApiError error;

        ErrorBeforeStream(ApiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        ApiError error() {
            return error;
        }
    }
}
