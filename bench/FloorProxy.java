import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.function.UnaryOperator;

/**
 * The floor of the load bench: a bare Vert.x reverse proxy that forwards each POST, unchanged, to one upstream path
 * and the answer back, on the same Vert.x and Netty (epoll) as the router, with one verticle and one HTTP client (so
 * one connection pool) per event loop, as the router's transport does. No routing, no conversion, no auth, no metrics:
 * what remains is the cost of Vert.x HTTP on both sides, which no code of the router can go below.
 *
 * <p>With {@code convert} as a fourth argument it is the converting floor: the same proxy, but each request is an
 * OpenAI chat request that it converts for Anthropic with the router's own codecs (parsed, decoded, encoded with the
 * upstream's headers), and each Anthropic answer is converted back for the OpenAI caller, as case (b) of the router
 * is. Still no routing, auth, limits, timeouts, metrics or usage records: what remains is HTTP and conversion, the
 * least any converting proxy on this stack can cost.
 *
 * <p>Run with the router's own libraries, from the repository root (bench/run.sh does, as case (g)):
 * {@code java -cp 'router-service/target/quarkus-app/lib/main/*:router-service/target/quarkus-app/lib/boot/*'
 * bench/FloorProxy.java PORT UPSTREAM_PORT PATH [convert]}. {@code FloorProxyTest} in router-service compiles it
 * against the service's libraries and proxies a call through it in both modes.
 */
public final class FloorProxy extends AbstractVerticle {

    private static final Key UPSTREAM_KEY = new Key(Protocol.ANTHROPIC, "http://127.0.0.1", "floor-key", null);
    private static final String UPSTREAM_MODEL = "claude-haiku-4-5";

    private final int port;
    private final int upstreamPort;
    private final String path;
    private final boolean convert;
    private final ProtocolCodec caller = Codecs.defaults().of(Protocol.OPENAI);
    private final ProtocolCodec upstream = Codecs.defaults().of(Protocol.ANTHROPIC);

    private FloorProxy(int port, int upstreamPort, String path, boolean convert) {
        this.port = port;
        this.upstreamPort = upstreamPort;
        this.path = path;
        this.convert = convert;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        boolean convert = args.length > 3 && args[3].equals("convert");
        start(port, Integer.parseInt(args[1]), args[2], convert)
                .onSuccess(vertx -> System.out.println((convert ? "converting " : "") + "floor proxy on 127.0.0.1:"
                        + port))
                .onFailure(t -> {
                    t.printStackTrace();
                    System.exit(1);
                });
    }

    /** Starts the proxy; the Vert.x instance it runs on, once listening (closing it stops the proxy). */
    public static Future<Vertx> start(int port, int upstreamPort, String path, boolean convert) {
        int loops = 2 * Runtime.getRuntime().availableProcessors(); // Quarkus' default event-loop count
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(loops));
        if (!vertx.isNativeTransportEnabled()) {
            System.err.println("epoll unavailable: " + vertx.unavailableNativeTransportCause());
        }
        return vertx.deployVerticle(() -> new FloorProxy(port, upstreamPort, path, convert),
                new DeploymentOptions().setInstances(loops)).map(id -> vertx);
    }

    @Override
    public void start(Promise<Void> started) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(32));
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(in -> in.body().onSuccess(body -> {
                    RequestOptions out = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                            .setPort(upstreamPort).setURI(path);
                    if (!convert) {
                        out.putHeader("content-type", "application/json");
                        forward(client, in, out, body, UnaryOperator.identity());
                        return;
                    }
                    ChatRequest request;
                    UpstreamRequest converted;
                    try {
                        request = caller.decodeRequest(body.getBytes(), InboundContext.BODY_ONLY);
                        converted = upstream.encodeRequest(request, UPSTREAM_MODEL, UPSTREAM_KEY);
                    } catch (RuntimeException refused) {
                        in.response().setStatusCode(400).end(refused.toString());
                        return;
                    }
                    converted.headers().forEach(out::putHeader);
                    forward(client, in, out, Buffer.buffer(converted.body()), answer -> Buffer.buffer(
                            caller.encodeResponse(upstream.decodeResponse(answer.getBytes()), request)));
                }))
                .listen()
                .<Void>mapEmpty()
                .onComplete(started);
    }

    /** Sends {@code body} upstream and the upstream's answer, as {@code back} makes it, to the caller. */
    private static void forward(HttpClient client, HttpServerRequest in, RequestOptions out, Buffer body,
            UnaryOperator<Buffer> back) {
        client.request(out)
                .compose(req -> req.send(body))
                .compose(resp -> resp.body().map(back).map(answer -> {
                    in.response().setStatusCode(resp.statusCode()).putHeader("content-type", "application/json")
                            .end(answer);
                    return answer;
                }))
                .onFailure(t -> in.response().setStatusCode(502).end(t.toString()));
    }
}
