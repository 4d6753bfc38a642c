package io.llmrouter.service.inbound;

import io.llmrouter.api.error.ErrorKind;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The clock of one HTTP/1.x connection: how long it may take to deliver each request. A request's head must be
 * complete within {@code request-head-timeout} of the connection opening or of the head's first byte; its body within
 * {@code request-body-timeout} of its head; and after an answer the connection may wait for the next complete head
 * for {@code keep-alive-timeout}. These are deadlines, not idle timeouts: a client trickling a byte every few seconds
 * is cut off just the same. While a request is being answered there is no deadline (the upstream timeouts and the
 * HTTP idle timeout bound that). The clock also answers a request the HTTP codec could not decode (a malformed
 * request line, a URI or headers over their limits), in the caller's format instead of Vert.x's empty 400, 414 or
 * 431.
 *
 * <p>It watches the connection from two places in its Netty pipeline: the raw bytes at its head ({@link RawTap}: a
 * new request has begun) and the decoded messages right after the HTTP codec ({@link HttpTap}: a head, a body's end,
 * an answer's head and end). Everything runs on the connection's event loop; a single timer per connection is
 * rescheduled only when a deadline moves earlier, so a small call on a kept-alive connection schedules nothing.
 */
final class RequestClock {

    /** Names of the two taps in the pipeline. */
    static final String RAW_TAP = "router-request-clock-raw";
    static final String HTTP_TAP = "router-request-clock";
    private static final String HTTP_DECODER = "httpDecoder";
    private static final String HTTP_ENCODER = "httpEncoder";
    private static final long NONE = Long.MAX_VALUE;

    /** What the clock needs from its guard: the limits, the refusals it writes and where it reports. */
    record Settings(Duration head, Duration body, Duration keepAlive, int maxInitialLine, long maxHeaders,
                    Refusals refusals, Events events) {
    }

    /** What the clock reports: a connection cut off in a phase, an undecodable request refused with a status. */
    interface Events {
        void timedOut(String phase);

        void invalid(int status);
    }

    private final Channel channel;
    private final Settings settings;
    private final long headNanos;
    private final long bodyNanos;
    private final long keepAliveNanos;

    /** Until which the connection may wait for a request to begin and its head to complete. */
    private long idleDeadline;
    /** Set by the head's first byte; NONE while no head is under way. */
    private long headDeadline = NONE;
    /** Set by a head, cleared by its body's end; NONE while no body is under way. */
    private long bodyDeadline = NONE;
    private long received;
    private long answered;
    private boolean answerStarted;
    /** The head of the latest request: the format of a refusal. */
    private HttpRequest head;
    private boolean closing;
    /** True once the connection turned out not to be HTTP/1.x (HTTP/2 over TLS): the clock stands aside. */
    private boolean off;
    private ChannelHandlerContext tap;
    private ScheduledFuture<?> timer;
    private long timerAt;

    private RequestClock(Channel channel, Settings settings) {
        this.channel = channel;
        this.settings = settings;
        this.headNanos = settings.head().toNanos();
        this.bodyNanos = settings.body().toNanos();
        this.keepAliveNanos = settings.keepAlive().toNanos();
        this.idleDeadline = System.nanoTime() + headNanos;
    }

    /**
     * Starts the clock of a connection whose pipeline Vert.x has just configured. The HTTP tap goes right after the
     * HTTP codec; when there is none yet (TLS not yet negotiated) it goes last and moves there on its first read.
     */
    static void start(Channel channel, Settings settings) {
        RequestClock clock = new RequestClock(channel, settings);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addFirst(RAW_TAP, new RawTap(clock));
        if (pipeline.get(HTTP_ENCODER) != null) {
            pipeline.addAfter(HTTP_ENCODER, HTTP_TAP, new HttpTap(clock));
        } else {
            pipeline.addLast(HTTP_TAP, new HttpTap(clock));
        }
    }

    // ---- events -------------------------------------------------------------------------------------------------

    private void bytesArrived() {
        if (off || headDeadline != NONE || bodyDeadline != NONE || received > answered) {
            // A head or body under way, or bytes of a pipelined request while one is answered.
            return;
        }
        headDeadline = System.nanoTime() + headNanos;
        arm();
    }

    /** A decoded message: returns false when it must not go on to Vert.x (refused, or the connection is closing). */
    private boolean inbound(Object msg) {
        if (closing) {
            return false;
        }
        if (msg instanceof HttpRequest request) {
            DecoderResult result = request.decoderResult();
            if (result.isFailure()) {
                refuseUndecodable(request, result.cause());
                return false;
            }
            head = request;
            received++;
            answerStarted = false;
            headDeadline = NONE;
            bodyDeadline = System.nanoTime() + bodyNanos;
        }
        if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            settings.events().invalid(HttpResponseStatus.BAD_REQUEST.code());
            refuse(HttpResponseStatus.BAD_REQUEST, ErrorKind.INVALID_REQUEST,
                    "The request body is not valid HTTP/1.1 (chunked encoding or length)");
            return false;
        }
        if (msg instanceof LastHttpContent) {
            bodyDeadline = NONE;
            if (answered >= received) {
                // Answered before the body was in (a refusal): from here on the connection waits for the next one.
                idleDeadline = System.nanoTime() + keepAliveNanos;
            }
        }
        return true;
    }

    private void outbound(Object msg) {
        if (msg instanceof HttpResponse response) {
            if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                // 100 Continue: the answer has not begun.
                return;
            }
            answerStarted = true;
        }
        if (msg instanceof LastHttpContent) {
            answered++;
            if (answered >= received && bodyDeadline == NONE) {
                idleDeadline = System.nanoTime() + keepAliveNanos;
                arm();
            }
        }
    }

    private void refuseUndecodable(HttpRequest request, Throwable cause) {
        HttpResponseStatus status;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
            message = "The request line is longer than " + settings.maxInitialLine() + " bytes: shorten the URL";
        } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            message = "The request headers are larger than " + settings.maxHeaders() + " bytes";
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
            message = "The request is not valid HTTP/1.1";
        }
        head = request;
        answerStarted = false;
        settings.events().invalid(status.code());
        refuse(status, ErrorKind.INVALID_REQUEST, message);
    }

    /** Writes a refusal (unless an answer has begun) and closes the connection once it is out. */
    private void refuse(HttpResponseStatus status, ErrorKind kind, String message) {
        if (tap == null || answerStarted || !channel.isActive()) {
            close();
            return;
        }
        closing = true;
        cancelTimer();
        tap.writeAndFlush(settings.refusals().response(head, status, kind, message))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void close() {
        closing = true;
        cancelTimer();
        channel.close();
    }

    // ---- the timer ----------------------------------------------------------------------------------------------

    private long deadline() {
        if (off || closing) {
            return NONE;
        }
        if (bodyDeadline != NONE) {
            return bodyDeadline;
        }
        if (received > answered) {
            return NONE;
        }
        return Math.min(idleDeadline, headDeadline);
    }

    /** Makes sure the timer fires by the deadline; a timer already due earlier re-arms itself when it fires. */
    private void arm() {
        long deadline = deadline();
        if (deadline == NONE || timer != null && timerAt <= deadline) {
            return;
        }
        cancelTimer();
        timerAt = deadline;
        timer = channel.eventLoop().schedule(this::fire, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void fire() {
        timer = null;
        long deadline = deadline();
        if (deadline == NONE) {
            return;
        }
        if (System.nanoTime() < deadline) {
            arm();
            return;
        }
        if (bodyDeadline != NONE) {
            settings.events().timedOut("body");
            refuse(HttpResponseStatus.REQUEST_TIMEOUT, ErrorKind.INVALID_REQUEST, "The request body was not "
                    + "received within " + text(settings.body()) + " of its head");
        } else if (headDeadline != NONE) {
            settings.events().timedOut("head");
            head = null;
            refuse(HttpResponseStatus.REQUEST_TIMEOUT, ErrorKind.INVALID_REQUEST, "The request head was not "
                    + "received within " + text(settings.head()));
        } else {
            // Nothing of a next request: a quiet close, as at the end of any keep-alive.
            settings.events().timedOut("idle");
            close();
        }
    }

    /** A timeout as a caller reads it: {@code 10 s}, or {@code 500 ms} below a whole second. */
    private static String text(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    // ---- the taps -----------------------------------------------------------------------------------------------

    /** At the head of the pipeline: any bytes of a request that has not begun start its head's deadline. */
    private static final class RawTap extends ChannelInboundHandlerAdapter {

        private final RequestClock clock;

        RawTap(RequestClock clock) {
            this.clock = clock;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            clock.bytesArrived();
            ctx.fireChannelRead(msg);
        }
    }

    /** After the HTTP codec: requests as decoded, answers as written. */
    private static final class HttpTap extends ChannelDuplexHandler {

        private final RequestClock clock;

        HttpTap(RequestClock clock) {
            this.clock = clock;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            if (ctx.pipeline().get(HTTP_DECODER) != null) {
                clock.tap = ctx;
            }
            clock.arm();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (clock.tap == null && !clock.off) {
                settle(ctx);
                // This ctx still leads to what followed it, the HTTP decoder among them, whichever place it moved to.
                ctx.fireChannelRead(msg);
                return;
            }
            if (clock.inbound(msg)) {
                ctx.fireChannelRead(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        /** Moves right after the HTTP codec once TLS has set it up, or stands aside for HTTP/2. */
        private void settle(ChannelHandlerContext ctx) {
            ChannelPipeline pipeline = ctx.pipeline();
            if (pipeline.get(HTTP_ENCODER) != null) {
                pipeline.remove(this);
                pipeline.addAfter(HTTP_ENCODER, HTTP_TAP, new HttpTap(clock));
            } else if (pipeline.get(Http2ConnectionHandler.class) != null) {
                clock.off = true;
                clock.cancelTimer();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            clock.arm();
            ctx.fireChannelReadComplete();
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (clock.tap == ctx) {
                clock.outbound(msg);
            }
            ctx.write(msg, promise);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            clock.closing = true;
            clock.cancelTimer();
            ctx.fireChannelInactive();
        }
    }
}
