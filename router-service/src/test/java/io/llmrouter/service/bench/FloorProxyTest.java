package io.llmrouter.service.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.core.testing.ClassPathRoots;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/FloorProxy.java, the load bench's floor (case (g)) and converting floor, runs from source against the service's
 * own Vert.x and codecs: this compiles it against the same libraries and proxies one call through it in each mode, so
 * that an upgrade or a codec change that breaks it fails the build instead of the next benchmark run.
 */
class FloorProxyTest {

    private static final Path SOURCE = Path.of("..", "bench", "FloorProxy.java");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void forwardsTheBodyToTheUpstreamPathAndTheAnswerBack(@TempDir Path classes) throws Exception {
        HttpResponse<String> answer = throughFloor(classes, false, "{\"model\":\"m\"}",
                (path, headers, body) -> "{\"path\":\"" + path + "\",\"got\":" + body + "}");

        assertEquals(201, answer.statusCode());
        assertEquals("{\"path\":\"/v1/messages\",\"got\":{\"model\":\"m\"}}", answer.body());
    }

    @Test
    void convertsAnOpenAiCallForAnthropicAndTheAnswerBack(@TempDir Path classes) throws Exception {
        String anthropicAnswer = Files.readString(Path.of("..", "bench", "bodies", "anthropic-response.json"));
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpResponse<String> answer = throughFloor(classes, true,
                "{\"model\":\"bench\",\"max_tokens\":50,\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                        + "{\"role\":\"user\",\"content\":\"Hello\"}]}",
                (path, headers, body) -> {
                    seen.add(path);
                    seen.add(headers.get("anthropic-version"));
                    seen.add(headers.get("x-api-key"));
                    seen.add(body);
                    return anthropicAnswer;
                });

        assertEquals(201, answer.statusCode());
        assertEquals("/v1/messages", seen.get(0));
        assertEquals("2023-06-01", seen.get(1));
        assertEquals("floor-key", seen.get(2));
        JsonNode sent = JSON.readTree(seen.get(3));
        assertEquals("claude-haiku-4-5", sent.get("model").asText());
        assertEquals("Be brief.", sent.get("system").asText());
        assertEquals("user", sent.at("/messages/0/role").asText());
        assertEquals("Hello", sent.at("/messages/0/content/0/text").asText());
        JsonNode got = JSON.readTree(answer.body());
        assertEquals("chat.completion", got.get("object").asText());
        assertEquals(JSON.readTree(anthropicAnswer).at("/content/0/text").asText(),
                got.at("/choices/0/message/content").asText());
        assertTrue(got.at("/usage/prompt_tokens").asInt() > 0, answer.body());
    }

    /** What the scripted upstream answers: from the path, the request's headers and its body. */
    private interface Upstream {
        String answer(String path, MultiMap headers, String body);
    }

    /** One call to the floor compiled from source, in the mode given, in front of a scripted upstream (it answers 201). */
    private static HttpResponse<String> throughFloor(Path classes, boolean convert, String request, Upstream script)
            throws Exception {
        Vertx upstreamVertx = Vertx.vertx();
        // The loader closes last: the proxy's threads may still load its classes while they stop.
        try (URLClassLoader compiled = compile(classes)) {
            HttpServer upstream = upstreamVertx.createHttpServer()
                    .requestHandler(req -> req.body().onSuccess(body -> req.response().setStatusCode(201)
                            .putHeader("content-type", "application/json")
                            .end(script.answer(req.path(), req.headers(), body.toString()))))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            int port = freePort();
            Method start = compiled.loadClass("FloorProxy")
                    .getMethod("start", int.class, int.class, String.class, boolean.class);
            @SuppressWarnings("unchecked")
            Future<Vertx> started = (Future<Vertx>) start.invoke(null, port, upstream.actualPort(), "/v1/messages",
                    convert);
            Vertx floorVertx = started.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            try {
                return HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                                .POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                        HttpResponse.BodyHandlers.ofString());
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
