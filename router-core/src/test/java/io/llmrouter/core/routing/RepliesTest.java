package io.llmrouter.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.InboundContext;
import io.smallrye.mutiny.Multi;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Answers no upstream gave: refusals, local answers, and how a held resource is let go when an answer is over. */
class RepliesTest {

    private final Replies replies = new Replies(Codecs.defaults());
    private final LocalAnswers local = new LocalAnswers(Codecs.defaults());

    private static String text(RoutedResponse r) {
        return new String(Answers.body(r), StandardCharsets.UTF_8);
    }

    @Test
    void aRefusalIsInTheCallersFormatWithItsProtocolsStatus() {
        ApiError overloaded = ApiError.of(ErrorKind.UNAVAILABLE, "busy");
        RoutedResponse.Complete anthropic = replies.refuse(Protocol.ANTHROPIC, overloaded);
        assertEquals(529, anthropic.status(), "Anthropic's clients know overload as 529");
        assertEquals("overloaded_error", Json.tryParse(text(anthropic)).at("/error/type").asText());
        RoutedResponse.Complete openAi = replies.refuse(Protocol.OPENAI, overloaded);
        assertEquals(503, openAi.status());
        assertEquals("busy", Json.tryParse(text(openAi)).at("/error/message").asText());
        assertEquals(Map.of(), openAi.headers());
        assertEquals(Optional.empty(), openAi.usage());
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
        ApiError limited = ApiError.of(ErrorKind.RATE_LIMITED, "slow down");
        assertEquals("2", replies.refuse(Protocol.OPENAI, limited, 1500).headers().get("Retry-After"));
        assertEquals("1", replies.refuse(Protocol.OPENAI, limited, 0).headers().get("Retry-After"));
        assertEquals("1", replies.refuse(Protocol.GEMINI, limited, 1000).headers().get("Retry-After"));
        assertFalse(replies.refuse(Protocol.OPENAI, limited, -1).headers().containsKey("Retry-After"));
        assertEquals("1", local.fail(Protocol.COHERE, new ApiError(ErrorKind.RATE_LIMITED, 429, "x", null), 1000)
                .headers().get("Retry-After"), "local failures write it in the same place");
    }

    @Test
    void aLocalFailureKeepsItsOwnStatus() {
        RoutedResponse.Complete r = local.fail(Protocol.ANTHROPIC,
                new ApiError(ErrorKind.UNAVAILABLE, 503, "simulated failure 503", null), -1);
        assertEquals(503, r.status(), "a simulated 503 stays 503");
        assertEquals("overloaded_error", Json.tryParse(text(r)).at("/error/type").asText());
    }

    private static final LocalAnswers.Model ECHO = new LocalAnswers.Model() {
        @Override
        public ChatResponse answer(ChatRequest request) {
            return new ChatResponse("id", request.model(), List.of(new ContentPart.Text("hi there")), FinishReason.STOP,
                    new TokenCounts(3, 2));
        }

        @Override
        public List<StreamEvent> stream(ChatResponse answer) {
            return List.of(new StreamEvent.Start(answer.id(), answer.model(), null), new StreamEvent.TextDelta("hi"),
                    new StreamEvent.TextDelta(" there"), new StreamEvent.Finish(FinishReason.STOP),
                    new StreamEvent.UsageReport(answer.usage(), true));
        }

        @Override
        public int inputTokens(ChatRequest request) {
            return 7;
        }
    };

    @Test
    void aLocalModelCountsInTheProtocolsCountAnswer() {
        byte[] anthropic = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals("{\"input_tokens\":7}", text(local.count(Protocol.ANTHROPIC, anthropic, InboundContext.BODY_ONLY,
                ECHO)));
        byte[] gemini = "{\"generateContentRequest\":{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"x\"}]}]}}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals("{\"totalTokens\":7}", text(local.count(Protocol.GEMINI, gemini,
                InboundContext.gemini("m", false, false), ECHO)));
        assertEquals(404, local.count(Protocol.COHERE_V2, anthropic, InboundContext.BODY_ONLY, ECHO).status());
        assertEquals(400, local.count(Protocol.ANTHROPIC, "{}".getBytes(StandardCharsets.UTF_8),
                InboundContext.BODY_ONLY, ECHO).status());
    }

    @Test
    void aLocalModelAnswersInTheCallersProtocolWholeOrStreamed() {
        byte[] whole = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        RoutedResponse r = local.answer(Protocol.OPENAI, whole, InboundContext.BODY_ONLY, ECHO, Duration.ZERO);
        assertEquals(200, r.status());
        assertEquals("hi there", Json.tryParse(text(r)).at("/choices/0/message/content").asText());

        byte[] streamed = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        RoutedResponse s = local.answer(Protocol.OPENAI, streamed, InboundContext.BODY_ONLY, ECHO, Duration.ZERO);
        List<byte[]> frames = Answers.frames(s).collect().asList().await().atMost(Duration.ofSeconds(5));
        String all = String.join("", frames.stream().map(f -> new String(f, StandardCharsets.UTF_8)).toList());
        assertTrue(all.endsWith("data: [DONE]\n\n"), all);
        assertTrue(frames.size() >= 4, "one write per event: " + frames.size());

        RoutedResponse bad = local.answer(Protocol.OPENAI, "{".getBytes(StandardCharsets.UTF_8),
                InboundContext.BODY_ONLY, ECHO, Duration.ZERO);
        assertEquals(400, bad.status());
    }

    @Test
    void whatAnAnswerHoldsIsLetGoWhenItIsOver() {
        AtomicInteger released = new AtomicInteger();
        replies.refuse(Protocol.OPENAI, ApiError.of(ErrorKind.INTERNAL, "x")).whenDone(released::incrementAndGet);
        assertEquals(1, released.get(), "a complete answer is over at once");

        RoutedResponse stream = new RoutedResponse.Streamed("text/event-stream", Map.of(),
                Multi.createFrom().items(new byte[] {1}, new byte[] {2})).whenDone(released::incrementAndGet);
        assertEquals(1, released.get(), "a stream holds on until it ends");
        assertEquals(2, Answers.frames(stream).collect().asList().await().atMost(Duration.ofSeconds(5)).size());
        assertEquals(2, released.get());

        RoutedResponse cancelled = new RoutedResponse.Streamed("text/event-stream", Map.of(),
                Multi.createFrom().items(new byte[] {1})).whenDone(released::incrementAndGet);
        assertInstanceOf(RoutedResponse.Streamed.class, cancelled);
        Answers.frames(cancelled).subscribe().with(frame -> { }).cancel();
        assertEquals(3, released.get(), "a cancelled stream is over too");
    }
}
