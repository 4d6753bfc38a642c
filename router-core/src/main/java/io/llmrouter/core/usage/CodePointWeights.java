package io.llmrouter.core.usage;

/**
 * Expected token cost of one code point, in thousandths of a token, by character class.
 *
 * <p>The ASCII and CJK weights were fitted against OpenAI's o200k_base encoding on the corpus under
 * {@code src/test/resources/estimator-corpus} (see {@code docs/estimator.md}), under two constraints kept from
 * the seed estimator: "Hello world!" costs 4 tokens and "你好世界" costs 3. Kana, Hangul and emoji are not in
 * that corpus; their weights were checked against o200k_base on the Japanese and Korean gettext catalogues of
 * postgres, coreutils, gnupg and git (whole text within 2%, paragraphs within 12%) and a line of common emoji.
 */
final class CodePointWeights {

    /** ASCII letters: long English words merge into one token, so a letter is a fraction of one. */
    static final int ASCII_LETTER = 225;
    /** o200k_base splits digit runs into groups of at most three, and numbers rarely merge with neighbours. */
    static final int DIGIT = 825;
    /** Spaces mostly merge into the following word; indentation runs merge with each other. */
    static final int WHITESPACE = 75;
    /** ASCII punctuation and symbols: brackets, quotes and operators are usually tokens of their own. */
    static final int ASCII_PUNCTUATION = 725;
    /** Han ideographs: o200k_base merges frequent pairs, about 1.3 characters a token on real prose. */
    static final int IDEOGRAPH = 750;
    /** Hiragana and katakana, including the halfwidth forms. */
    static final int KANA = 750;
    /** Hangul syllables and jamo. */
    static final int HANGUL = 750;
    /** CJK symbols, punctuation and full-width forms: each full-width mark is close to one token. */
    static final int CJK_PUNCTUATION = 750;
    /** Other characters of the Basic Multilingual Plane: accented Latin, Cyrillic, Greek, typographic quotes. */
    static final int OTHER_BMP = 525;
    /** Supplementary-plane characters outside the CJK blocks, mostly emoji: one or two byte-level tokens each. */
    static final int OTHER_SUPPLEMENTARY = 1500;

    private CodePointWeights() {
    }

    /** The cost of {@code cp} in thousandths of a token. */
    static int of(int cp) {
        if (cp < 0x80) {
            return ascii(cp);
        }
        if (isIdeograph(cp)) {
            return IDEOGRAPH;
        }
        if (isKana(cp)) {
            return KANA;
        }
        if (isHangul(cp)) {
            return HANGUL;
        }
        // after kana: the halfwidth katakana FF65–FF9F sit inside the full-width forms block
        if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF)) {
            return CJK_PUNCTUATION;
        }
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return WHITESPACE;
        }
        if (Character.isDigit(cp)) {
            return DIGIT;
        }
        return cp <= 0xFFFF ? OTHER_BMP : OTHER_SUPPLEMENTARY;
    }

    private static int ascii(int cp) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
            return ASCII_LETTER;
        }
        if (cp >= '0' && cp <= '9') {
            return DIGIT;
        }
        if (cp == ' ' || (cp >= '\t' && cp <= '\r')) {
            return WHITESPACE;
        }
        // remaining control characters are rare; treat them like punctuation, a token each at worst
        return ASCII_PUNCTUATION;
    }

    /** CJK Unified Ideographs (URO, Ext A, Ext B–H) and the compatibility ideographs. */
    static boolean isIdeograph(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x323AF)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /** Hiragana, Katakana, Katakana Phonetic Extensions and halfwidth katakana. */
    static boolean isKana(int cp) {
        return (cp >= 0x3040 && cp <= 0x30FF)
                || (cp >= 0x31F0 && cp <= 0x31FF)
                || (cp >= 0xFF65 && cp <= 0xFF9F);
    }

    /** Hangul syllables, Hangul Jamo and Hangul Compatibility Jamo. */
    static boolean isHangul(int cp) {
        return (cp >= 0xAC00 && cp <= 0xD7AF)
                || (cp >= 0x1100 && cp <= 0x11FF)
                || (cp >= 0x3130 && cp <= 0x318F);
    }
}
