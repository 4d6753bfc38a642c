package io.llmrouter.api.chat;

import java.util.List;

/** One conversation turn. */
public record Message(Role role, List<ContentPart> content) {

    public Message {
        content = List.copyOf(content);
    }

    /** A text-only turn. */
    public static Message text(Role role, String text) {
        return new Message(role, List.of(new ContentPart.Text(text)));
    }

    /** The concatenated text parts of this turn. */
    public String joinedText() {
        StringBuilder sb = new StringBuilder();
        for (ContentPart part : content) {
            if (part instanceof ContentPart.Text t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }
}
