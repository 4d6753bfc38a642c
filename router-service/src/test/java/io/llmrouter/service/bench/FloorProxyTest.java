package io.llmrouter.service.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.core.testing.ClassPathRoots;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/FloorProxy.java, the load bench's floor (case (g)), runs from source against the service's own Vert.x: this
 * compiles it against the same libraries and proxies one call through it, so that a Vert.x upgrade that breaks it
 * fails the build instead of the next benchmark run.
 */
class FloorProxyTest {

    private static final Path SOURCE = Path.of("..", "bench", "FloorProxy.java");

    @Test
    void forwardsTheBodyToTheUpstreamPathAndTheAnswerBack(@TempDir Path classes) throws Exception {
        Vertx upstreamVertx = Vertx.vertx();
        // The loader closes last: the proxy's threads may still load its classes while they stop.
        try (URLClassLoader compiled = compile(classes)) {
            HttpServer upstream = upstreamVertx.createHttpServer()
                    .requestHandler(req -> req.body().onSuccess(body -> req.response().setStatusCode(201)
                            .putHeader("content-type", "application/json")
                            .end("{\"path\":\"" + req.path() + "\",\"got\":" + body + "}")))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            int port = freePort();
            Method start = compiled.loadClass("FloorProxy").getMethod("start", int.class, int.class, String.class);
            @SuppressWarnings("unchecked")
            Future<Vertx> started = (Future<Vertx>) start.invoke(null, port, upstream.actualPort(), "/v1/messages");
            Vertx floorVertx = started.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            try {
                HttpResponse<String> answer = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertEquals(201, answer.statusCode());
                assertEquals("{\"path\":\"/v1/messages\",\"got\":{\"model\":\"m\"}}", answer.body());
            } finally {
                floorVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } finally {
            upstreamVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** bench/FloorProxy.java compiled into {@code classes}, and a loader for it over the test's own classes. */
    private static URLClassLoader compile(Path classes) throws Exception {
        assertTrue(Files.isRegularFile(SOURCE), "no " + SOURCE.toAbsolutePath());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
            boolean ok = javac.getTask(null, files, diagnostics,
                    List.of("-classpath", classPath(), "-d", classes.toString(),
                            "-proc:none"),
                    null, files.getJavaFileObjects(SOURCE)).call();
            assertTrue(ok, "bench/FloorProxy.java does not compile: " + diagnostics.getDiagnostics());
        }
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, FloorProxyTest.class.getClassLoader());
    }

    /** The JVM's class path and, under Quarkus' continuous testing, the jars its class loader gives the test. */
    private static String classPath() {
        StringJoiner path = new StringJoiner(File.pathSeparator);
        path.add(System.getProperty("java.class.path"));
        ClassPathRoots.jars(FloorProxyTest.class.getClassLoader()).forEach(jar -> path.add(jar.toString()));
        return path.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
