package io.llmrouter.core.convert.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Zhipu's [0, 1] sampling ranges (docs/protocols.md#provider-dialects), and only for Zhipu. */
class ZhipuRequestsTest {

    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.OPENAI);

    private JsonNode sent(double temperature, double topP, String baseUrl) {
        ChatRequest request = ChatRequest.builder().model("m").messages(List.of(Message.text(Role.USER, "hi")))
                .temperature(temperature).topP(topP).build();
        return Json.parseObject(codec.encodeRequest(request, "glm-4.6", new Key(Protocol.OPENAI, baseUrl, "k"))
                .body(), "body");
    }

    @Test
    void zhipuGetsSamplingClampedIntoItsRange() {
        for (String base : new String[] {"https://open.bigmodel.cn/api/paas/v4", "https://api.z.ai/api/paas/v4"}) {
            JsonNode body = sent(1.6, 1.2, base);
            assertEquals(1.0, body.path("temperature").asDouble(), base);
            assertEquals(1.0, body.path("top_p").asDouble(), base);
            assertEquals(0.3, sent(0.3, 0.9, base).path("temperature").asDouble(), base);
        }
    }

    @Test
    void otherUpstreamsGetTheValuesAsSent() {
        for (String base : new String[] {"https://api.openai.com", "https://api.deepseek.com",
                "https://bigmodel.cn.example.com"}) {
            assertEquals(1.6, sent(1.6, 0.5, base).path("temperature").asDouble(), base);
        }
    }
}
