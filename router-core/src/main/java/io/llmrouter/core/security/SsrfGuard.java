package io.llmrouter.core.security;

import io.llmrouter.api.Key;
import io.llmrouter.api.error.ConfigurationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Refuses upstream base URLs that point into the router's own network: loopback, private, link-local (cloud
 * metadata at 169.254.169.254), CGNAT, multicast and other non-public ranges, however the address is spelled.
 * {@link #isPrivate(String)} decides from the text alone; {@link #checkResolved(String, Resolver)} also checks what
 * a name resolves to, which catches public names pointing at private addresses.
 */
public final class SsrfGuard {

    /** Resolves a host name to its addresses; {@link #SYSTEM} uses the JVM resolver. */
    @FunctionalInterface
    public interface Resolver {

        /** The JVM resolver. */
        Resolver SYSTEM = InetAddress::getAllByName;

        /** All addresses of {@code host}. */
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final String ALLOW_HINT = "; set router.security.allow-private-upstreams=true to allow it";

    private SsrfGuard() {
    }

    /**
     * Whether the host, as written in a URL, is or names a non-public address. Without DNS: IP literals in every
     * spelling resolvers accept, bracketed IPv6, and the names {@code localhost}, {@code *.localhost},
     * {@code *.internal}, {@code *.local}, case-insensitively and with a trailing dot. A null or blank host counts
     * as private (fail closed).
     */
    public static boolean isPrivate(String host) {
        if (host == null || host.isBlank()) {
            return true;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        int zone = h.indexOf('%');
        if (zone >= 0 && h.indexOf(':') >= 0) {
            h = h.substring(0, zone);
        }
        while (h.endsWith(".") && h.length() > 1) {
            h = h.substring(0, h.length() - 1);
        }
        byte[] v6 = IpLiterals.parseIpv6(h);
        if (v6 != null) {
            return isPrivateIpv6(v6);
        }
        long v4 = IpLiterals.parseIpv4(h);
        if (v4 >= 0) {
            return isPrivateIpv4(v4);
        }
        return isPrivateName(h);
    }

    /** Whether a resolved address is non-public. */
    public static boolean isPrivateAddress(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return isPrivateIpv4(toLong(b, 0));
        }
        return isPrivateIpv6(b);
    }

    /** {@link #checkResolved(String, Resolver)} with the JVM resolver. */
    public static void checkResolved(String host) throws UnknownHostException {
        checkResolved(host, Resolver.SYSTEM);
    }

    /**
     * Checks the host text and every address it resolves to; one private address is enough to refuse, since the
     * connection may pick any of them.
     *
     * @throws ConfigurationException for {@code base-url} when the host or one of its addresses is not public
     * @throws UnknownHostException   when the name does not resolve (a connect error for the caller)
     */
    public static void checkResolved(String host, Resolver resolver) throws UnknownHostException {
        if (isPrivate(host)) {
            throw refused(host, null);
        }
        for (InetAddress a : resolver.resolve(stripBrackets(host))) {
            if (isPrivateAddress(a)) {
                throw refused(host, a.getHostAddress());
            }
        }
    }

    /**
     * Validates a key and, unless private upstreams are allowed, refuses a base URL whose host is not public.
     *
     * @throws ConfigurationException naming {@code base-url} (or the field {@link Key#validate()} complains about)
     */
    public static void validate(Key key, boolean allowPrivate) {
        key.validate();
        if (!allowPrivate) {
            String host = key.uri().getHost();
            if (isPrivate(host)) {
                throw refused(host, null);
            }
        }
    }

    private static ConfigurationException refused(String host, String resolved) {
        String where = resolved == null ? "" : " (resolves to " + resolved + ")";
        return new ConfigurationException("base-url",
                "points to a private/loopback address: host '" + host + "'" + where + ALLOW_HINT);
    }

    private static boolean isPrivateName(String h) {
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("localhost.localdomain")
                || h.endsWith(".internal") || h.endsWith(".local") || h.equals("ip6-localhost")
                || h.equals("ip6-loopback");
    }

    /** Non-public IPv4 ranges (RFC 6890 special-purpose registry, minus nothing that is globally reachable). */
    static boolean isPrivateIpv4(long a) {
        int o1 = (int) (a >>> 24);
        int o2 = (int) (a >>> 16) & 0xFF;
        int o3 = (int) (a >>> 8) & 0xFF;
        return o1 == 0                                  // 0.0.0.0/8 "this network"
                || o1 == 10                             // RFC 1918
                || o1 == 127                            // loopback
                || (o1 == 100 && (o2 & 0xC0) == 64)     // 100.64.0.0/10 CGNAT
                || (o1 == 169 && o2 == 254)             // link-local, cloud metadata
                || (o1 == 172 && (o2 & 0xF0) == 16)     // RFC 1918
                || (o1 == 192 && o2 == 168)             // RFC 1918
                || (o1 == 192 && o2 == 0 && (o3 == 0 || o3 == 2)) // IETF assignments, TEST-NET-1
                || (o1 == 198 && (o2 & 0xFE) == 18)     // 198.18.0.0/15 benchmarking
                || (o1 == 198 && o2 == 51 && o3 == 100) // TEST-NET-2
                || (o1 == 203 && o2 == 0 && o3 == 113)  // TEST-NET-3
                || o1 >= 224;                           // multicast, reserved, 255.255.255.255 broadcast
    }

    static boolean isPrivateIpv6(byte[] b) {
        int w0 = (b[0] & 0xFF) << 8 | (b[1] & 0xFF);
        if (allZero(b, 0, 10)) {
            int w5 = (b[10] & 0xFF) << 8 | (b[11] & 0xFF);
            if (w5 == 0xFFFF || w5 == 0) {
                // IPv4-mapped ::ffff:a.b.c.d and IPv4-compatible ::a.b.c.d (incl. :: and ::1, which land in 0/8).
                return isPrivateIpv4(toLong(b, 12));
            }
        }
        if (w0 == 0x64 && b[2] == (byte) 0xFF && b[3] == (byte) 0x9B && allZero(b, 4, 12)) {
            return isPrivateIpv4(toLong(b, 12));        // 64:ff9b::/96 NAT64 embeds an IPv4 address
        }
        if (w0 == 0x2002) {
            return isPrivateIpv4(toLong(b, 2));         // 6to4 embeds an IPv4 address
        }
        return (w0 & 0xFE00) == 0xFC00                  // fc00::/7 unique local
                || (w0 & 0xFFC0) == 0xFE80              // fe80::/10 link-local
                || (w0 & 0xFFC0) == 0xFEC0              // fec0::/10 deprecated site-local
                || (w0 & 0xFF00) == 0xFF00              // multicast
                || (w0 == 0x2001 && ((b[2] & 0xFF) << 8 | (b[3] & 0xFF)) == 0x0DB8) // documentation
                || (w0 == 0x0100 && allZero(b, 2, 8))   // 100::/64 discard
                || allZero(b, 0, 10);                   // anything else in ::/80 is not a routable address
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static long toLong(byte[] b, int offset) {
        return (b[offset] & 0xFFL) << 24 | (b[offset + 1] & 0xFFL) << 16 | (b[offset + 2] & 0xFFL) << 8
                | (b[offset + 3] & 0xFFL);
    }

    private static String stripBrackets(String host) {
        String h = host.trim();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
