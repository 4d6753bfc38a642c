package io.llmrouter.service.inbound;

import io.llmrouter.api.error.ErrorKind;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In the listening socket's pipeline, ahead of the handler that registers each accepted connection: it counts the
 * connections open, in all and per client address, refuses one over either limit with an answer of its own (503 or
 * 429, then close) and starts the {@link RequestClock} of every other once Vert.x has configured its pipeline. It sees
 * a connection before any of its bytes, which nothing Quarkus or Vert.x offer per request can.
 */
@ChannelHandler.Sharable
final class AcceptGuard extends ChannelInboundHandlerAdapter {

    static final String NAME = "router-accept-guard";

    /** What the guard reports: a connection refused, for a reason. */
    interface Events {
        void refused(String reason);
    }

    private final int maxConnections;
    private final int maxPerAddress;
    private final RequestClock.Settings clock;
    private final Events events;
    private final ByteBuf tooManyConnections;
    private final ByteBuf tooManyFromAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    AcceptGuard(int maxConnections, int maxPerAddress, RequestClock.Settings clock, Refusals refusals,
                Events events) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.clock = clock;
        this.events = events;
        this.tooManyConnections = refusals.raw(HttpResponseStatus.SERVICE_UNAVAILABLE, ErrorKind.UNAVAILABLE,
                "The router has too many open connections; retry shortly");
        this.tooManyFromAddress = refusals.raw(HttpResponseStatus.TOO_MANY_REQUESTS, ErrorKind.RATE_LIMITED,
                "Too many open connections from this address; close some or retry shortly");
    }

    /** Connections open now. */
    int open() {
        return open.get();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Channel child)) {
            ctx.fireChannelRead(msg);
            return;
        }
        int total = open.incrementAndGet();
        InetAddress address = maxPerAddress > 0 && child.remoteAddress() instanceof InetSocketAddress inet
                ? inet.getAddress() : null;
        int fromAddress = address == null ? 0 : perAddress.merge(address, 1, Integer::sum);
        child.closeFuture().addListener(closed -> release(address));
        if (total > maxConnections) {
            events.refused("max-connections");
            child.pipeline().addFirst(new Refuse(tooManyConnections));
        } else if (fromAddress > maxPerAddress && address != null) {
            events.refused("max-connections-per-address");
            child.pipeline().addFirst(new Refuse(tooManyFromAddress));
        } else {
            child.pipeline().addFirst(new StartClock(clock));
        }
        ctx.fireChannelRead(child);
    }

    private void release(InetAddress address) {
        open.decrementAndGet();
        if (address != null) {
            perAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
        }
    }

    /** Starts the clock once the connection is registered, when Vert.x has configured its pipeline. */
    private static final class StartClock extends ChannelInboundHandlerAdapter {

        private final RequestClock.Settings settings;

        StartClock(RequestClock.Settings settings) {
            this.settings = settings;
        }

        @Override
        public void channelRegistered(ChannelHandlerContext ctx) {
            ctx.pipeline().remove(this);
            RequestClock.start(ctx.channel(), settings);
            ctx.fireChannelRegistered();
        }
    }

    /**
     * Answers a connection over a limit and closes it; nothing it sends reaches Vert.x. Over TLS the answer would have
     * to follow a handshake the refusal is meant to spare, so such a connection is only closed.
     */
    private static final class Refuse extends ChannelInboundHandlerAdapter {

        private final ByteBuf answer;

        Refuse(ByteBuf answer) {
            this.answer = answer;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (ctx.pipeline().get(SslHandler.class) != null) {
                ctx.close();
                return;
            }
            ctx.writeAndFlush(answer.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
