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
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The floor of the load bench: a bare Vert.x reverse proxy that forwards each POST, unchanged, to one upstream path
 * and the answer back, on the same Vert.x and Netty (epoll) as the router, with one verticle and one HTTP client (so
 * one connection pool) per event loop, as the router's transport does. No routing, no conversion, no auth, no metrics:
 * what remains is the cost of Vert.x HTTP on both sides, which no code of the router can go below.
 *
 * <p>Run with the router's own libraries, from the repository root (bench/run.sh does, as case (g)):
 * {@code java -cp 'router-service/target/quarkus-app/lib/main/*' bench/FloorProxy.java PORT UPSTREAM_PORT PATH}.
 * {@code FloorProxyTest} in router-service compiles it against the service's Vert.x and proxies a call through it.
 */
public final class FloorProxy extends AbstractVerticle {

    private final int port;
    private final int upstreamPort;
    private final String path;

    private FloorProxy(int port, int upstreamPort, String path) {
        this.port = port;
        this.upstreamPort = upstreamPort;
        this.path = path;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        start(port, Integer.parseInt(args[1]), args[2])
                .onSuccess(vertx -> System.out.println("floor proxy on 127.0.0.1:" + port))
                .onFailure(t -> {
                    t.printStackTrace();
                    System.exit(1);
                });
    }

    /** Starts the proxy; the Vert.x instance it runs on, once listening (closing it stops the proxy). */
    public static Future<Vertx> start(int port, int upstreamPort, String path) {
        int loops = 2 * Runtime.getRuntime().availableProcessors(); // Quarkus' default event-loop count
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(loops));
        if (!vertx.isNativeTransportEnabled()) {
            System.err.println("epoll unavailable: " + vertx.unavailableNativeTransportCause());
        }
        return vertx.deployVerticle(() -> new FloorProxy(port, upstreamPort, path),
                new DeploymentOptions().setInstances(loops)).map(id -> vertx);
    }

    @Override
    public void start(Promise<Void> started) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(32));
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(in -> in.body().onSuccess(body -> {
                    RequestOptions out = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                            .setPort(upstreamPort).setURI(path).putHeader("content-type", "application/json");
                    client.request(out)
                            .compose(req -> req.send(body))
                            .compose(resp -> resp.body().map(answer -> {
                                in.response().setStatusCode(resp.statusCode())
                                        .putHeader("content-type", "application/json").end(answer);
                                return answer;
                            }))
                            .onFailure(t -> in.response().setStatusCode(502).end(Buffer.buffer(t.toString())));
                }))
                .listen()
                .<Void>mapEmpty()
                .onComplete(started);
    }
}
