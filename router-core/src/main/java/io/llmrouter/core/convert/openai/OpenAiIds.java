package io.llmrouter.core.convert.openai;

import java.util.UUID;

/** Ids for answers whose source had none. */
final class OpenAiIds {

    private OpenAiIds() {
    }

    /** A fresh {@code chatcmpl-…} id. */
    static String completionId() {
        return "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    }
}
