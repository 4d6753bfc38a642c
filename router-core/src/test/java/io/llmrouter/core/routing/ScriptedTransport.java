package io.llmrouter.core.routing;

import io.llmrouter.core.upstream.UpstreamTransport;
import io.llmrouter.core.wire.HeaderLookup;
import io.llmrouter.core.wire.UpstreamRequest;
import io.llmrouter.core.wire.UpstreamResponse;
import io.llmrouter.core.wire.UpstreamStream;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** An upstream transport answering from a script keyed by URL prefix, recording every request it gets. */
final class ScriptedTransport implements UpstreamTransport {

    /** One scripted answer: status, headers, body chunks (several chunks = a stream), or a transport failure. */
    record Answer(int status, Map<String, String> headers, List<byte[]> chunks, Throwable failure) {

        static final Map<String, String> SSE = Map.of("Content-Type", "text/event-stream");

        static Answer ok(byte[] body) {
            return new Answer(200, Map.of(), List.of(body), null);
        }

        static Answer status(int status, String body, Map<String, String> headers) {
            return new Answer(status, headers, List.of(body.getBytes(StandardCharsets.UTF_8)), null);
        }

        /** A 200 stream of server-sent events. */
        static Answer stream(List<byte[]> chunks) {
            return new Answer(200, SSE, chunks, null);
        }

        static Answer fail(Throwable t) {
            return new Answer(0, Map.of(), List.of(), t);
        }

        /** A stream whose head and chunks arrive, then its connection fails. */
        static Answer streamThenFail(List<byte[]> chunks, Throwable t) {
            return new Answer(200, SSE, chunks, t);
        }
    }

    private final Map<String, Function<UpstreamRequest, Answer>> script = new ConcurrentHashMap<>();
    final List<UpstreamRequest> requests = new ArrayList<>();

    ScriptedTransport on(String urlPrefix, Answer answer) {
        script.put(urlPrefix, r -> answer);
        return this;
    }

    /** Answers by request: for answers that depend on the body, or that change from one call to the next. */
    ScriptedTransport on(String urlPrefix, Function<UpstreamRequest, Answer> answers) {
        script.put(urlPrefix, answers);
        return this;
    }

    long calls(String urlPrefix) {
        return requests.stream().filter(r -> r.url().startsWith(urlPrefix)).count();
    }

    private Answer answer(UpstreamRequest request) {
        synchronized (requests) {
            requests.add(request);
        }
        return script.entrySet().stream().filter(e -> request.url().startsWith(e.getKey())).findFirst()
                .map(e -> e.getValue().apply(request))
                .orElseThrow(() -> new AssertionError("no scripted answer for " + request.url()));
    }

    private static HeaderLookup lookup(Map<String, String> headers) {
        return name -> headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    @Override
    public Uni<UpstreamResponse> send(UpstreamRequest request) {
        Answer a = answer(request);
        if (a.failure() != null) {
            return Uni.createFrom().failure(a.failure());
        }
        byte[] body = a.chunks().isEmpty() ? new byte[0] : a.chunks().get(0);
        return Uni.createFrom().item(new UpstreamResponse(a.status(), lookup(a.headers()), body));
    }

    @Override
    public Uni<UpstreamStream> stream(UpstreamRequest request) {
        Answer a = answer(request);
        if (a.failure() != null && a.status() == 0) {
            return Uni.createFrom().failure(a.failure());
        }
        Multi<byte[]> body = Multi.createFrom().iterable(a.chunks());
        if (a.failure() != null) {
            body = Multi.createBy().concatenating().streams(body, Multi.createFrom().failure(a.failure()));
        }
        return Uni.createFrom().item(new UpstreamStream(a.status(), lookup(a.headers()), body));
    }
}
