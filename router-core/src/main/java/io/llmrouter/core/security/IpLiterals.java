package io.llmrouter.core.security;

/**
 * Parses IP literals the way resolvers accept them, without DNS: IPv4 per {@code inet_aton} (1 to 4 parts,
 * decimal, {@code 0}-prefixed octal or {@code 0x} hex, the last part filling the remaining bytes, so
 * {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1} and {@code 127.1} are all 127.0.0.1) and IPv6 text
 * (RFC 4291, with {@code ::} and a trailing dotted IPv4).
 */
final class IpLiterals {

    private IpLiterals() {
    }

    /** The IPv4 address as an unsigned 32-bit value, or -1 when {@code s} is not an inet_aton literal. */
    static long parseIpv4(String s) {
        if (s.isEmpty() || s.endsWith(".")) {
            return -1;
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length > 4) {
            return -1;
        }
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = parsePart(parts[i]);
            if (v[i] < 0) {
                return -1;
            }
        }
        int last = parts.length - 1;
        for (int i = 0; i < last; i++) {
            if (v[i] > 0xFF) {
                return -1;
            }
        }
        long lastMax = 0xFFFF_FFFFL >>> (8 * last);
        if (v[last] > lastMax) {
            return -1;
        }
        long addr = 0;
        for (int i = 0; i < last; i++) {
            addr |= v[i] << (24 - 8 * i);
        }
        return addr | v[last];
    }

    private static long parsePart(String p) {
        if (p.isEmpty()) {
            return -1;
        }
        int radix = 10;
        String digits = p;
        if (p.length() > 1 && (p.startsWith("0x") || p.startsWith("0X"))) {
            radix = 16;
            digits = p.substring(2);
            if (digits.isEmpty()) {
                return 0;
            }
        } else if (p.length() > 1 && p.charAt(0) == '0') {
            radix = 8;
            digits = p.substring(1);
        }
        if (digits.length() > 12) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0) {
                return -1;
            }
            value = value * radix + d;
        }
        return value;
    }

    /** The 16 bytes of an IPv6 literal (no brackets, no zone), or null. */
    static byte[] parseIpv6(String s) {
        if (s.indexOf(':') < 0) {
            return null;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap >= 0 ? s.substring(0, gap) : s;
        String tail = gap >= 0 ? s.substring(gap + 2) : "";
        int[] headWords = words(head, gap < 0);
        int[] tailWords = gap >= 0 ? words(tail, true) : new int[0];
        if (headWords == null || tailWords == null) {
            return null;
        }
        int total = headWords.length + tailWords.length;
        if (gap < 0 ? total != 8 : total > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < headWords.length; i++) {
            out[2 * i] = (byte) (headWords[i] >>> 8);
            out[2 * i + 1] = (byte) headWords[i];
        }
        int offset = 8 - tailWords.length;
        for (int i = 0; i < tailWords.length; i++) {
            out[2 * (offset + i)] = (byte) (tailWords[i] >>> 8);
            out[2 * (offset + i) + 1] = (byte) tailWords[i];
        }
        return out;
    }

    /** 16-bit groups of one side of {@code ::}; a dotted IPv4 is allowed as the very last group when {@code isEnd}. */
    private static int[] words(String side, boolean isEnd) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] groups = side.split(":", -1);
        int extra = 0;
        String lastGroup = groups[groups.length - 1];
        if (isEnd && lastGroup.indexOf('.') >= 0) {
            extra = 1;
        }
        int[] w = new int[groups.length + extra];
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (i == groups.length - 1 && extra == 1) {
                long v4 = strictIpv4(g);
                if (v4 < 0) {
                    return null;
                }
                w[i] = (int) (v4 >>> 16);
                w[i + 1] = (int) (v4 & 0xFFFF);
                continue;
            }
            if (g.isEmpty() || g.length() > 4) {
                return null;
            }
            int v = 0;
            for (int c = 0; c < g.length(); c++) {
                int d = Character.digit(g.charAt(c), 16);
                if (d < 0) {
                    return null;
                }
                v = v * 16 + d;
            }
            w[i] = v;
        }
        return w;
    }

    /** Dotted-quad decimal only, as allowed inside IPv6 text. */
    private static long strictIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long addr = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3) {
                return -1;
            }
            int v = 0;
            for (int i = 0; i < p.length(); i++) {
                int d = Character.digit(p.charAt(i), 10);
                if (d < 0) {
                    return -1;
                }
                v = v * 10 + d;
            }
            if (v > 255) {
                return -1;
            }
            addr = addr << 8 | v;
        }
        return addr;
    }
}
