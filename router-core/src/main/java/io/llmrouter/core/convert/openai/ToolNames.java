package io.llmrouter.core.convert.openai;

import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import java.util.List;

/** Links tool results to earlier calls: OpenAI results carry only the call id, the IR wants the name too. */
final class ToolNames {

    private ToolNames() {
    }

    /** The name of the latest earlier call with this id, or null. */
    static String nameOf(List<Message> earlier, String id) {
        for (int i = earlier.size() - 1; i >= 0; i--) {
            Message m = earlier.get(i);
            if (m.role() != Role.ASSISTANT) {
                continue;
            }
            for (ContentPart p : m.content()) {
                if (p instanceof ContentPart.ToolCall c && id.equals(c.id())) {
                    return c.name();
                }
            }
        }
        return null;
    }

    /** The id of the latest earlier call of this function, or null. */
    static String lastIdOf(List<Message> earlier, String name) {
        for (int i = earlier.size() - 1; i >= 0; i--) {
            Message m = earlier.get(i);
            if (m.role() != Role.ASSISTANT) {
                continue;
            }
            List<ContentPart> parts = m.content();
            for (int j = parts.size() - 1; j >= 0; j--) {
                if (parts.get(j) instanceof ContentPart.ToolCall c && name.equals(c.name())) {
                    return c.id();
                }
            }
        }
        return null;
    }
}
