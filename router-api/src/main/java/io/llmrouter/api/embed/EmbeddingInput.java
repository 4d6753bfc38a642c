package io.llmrouter.api.embed;

import java.util.Arrays;
import java.util.Objects;

/** One input of an embeddings request: a text, or the token ids of a text (OpenAI's pre-tokenized form). */
public sealed interface EmbeddingInput {

    /**
     * A text to embed.
     *
     * @param text  the text
     * @param title the title of the document the text belongs to (Gemini's {@code title}, for a document's
     *              embedding); null for none
     */
    record Text(String text, String title) implements EmbeddingInput {

        public Text {
            Objects.requireNonNull(text, "text");
        }

        /** A text without a title. */
        public Text(String text) {
            this(text, null);
        }
    }

    /** Token ids of the embedding model's own tokenizer: only an upstream of the same tokenizer can read them. */
    record TokenIds(int[] ids) implements EmbeddingInput {

        public TokenIds {
            ids = ids.clone();
        }

        @Override
        public int[] ids() {
            return ids.clone();
        }

        /** How many ids (tokens) the input holds. */
        public int length() {
            return ids.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TokenIds t && Arrays.equals(ids, t.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }

        @Override
        public String toString() {
            return "TokenIds[" + ids.length + " ids]";
        }
    }
}
