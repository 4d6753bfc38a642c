package io.llmrouter.core.convert;

import io.llmrouter.api.chat.ContentPart;

/** Splits {@code data:<media>;base64,<data>} URLs into inline images, leaves other URLs as URLs. */
public final class DataUrls {

    private DataUrls() {
    }

    /** An inline image for a base64 data URL, a URL image otherwise. */
    public static ContentPart.Image toImage(String url) {
        if (url != null && url.regionMatches(true, 0, "data:", 0, 5)) {
            int semi = url.indexOf(";base64,");
            if (semi > 5) {
                return ContentPart.Image.ofBase64(url.substring(5, semi), url.substring(semi + 8));
            }
        }
        return ContentPart.Image.ofUrl(url);
    }
}
