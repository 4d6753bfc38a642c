package io.llmrouter.service.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The shared state's Lua scripts ({@code src/main/resources/lua/}), each with its SHA-1 for {@code EVALSHA}. Redis
 * runs a script atomically, which is what keeps a limit exact across replicas. The scripts use nothing newer than
 * Redis 6.2 and touch only keys they are given, all of one tenant (one Cluster slot).
 */
public enum LuaScripts {
    /** A lease from a window's counter: requests, tokens or nano-USD. */
    LEASE,
    /** Unused units of a lease given back. */
    GIVEBACK,
    /** Concurrency slots held per replica. */
    SLOTS,
    /** This replica's heartbeat; answers the number of live replicas. */
    REPLICAS;

    private final String body;
    private final String sha;

    LuaScripts() {
        String resource = "/lua/" + name().toLowerCase(Locale.ROOT) + ".lua";
        try (InputStream in = LuaScripts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + resource);
            }
            this.body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + resource, e);
        }
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JVM", e);
        }
    }

    /** The script's text, for {@code EVAL}. */
    String body() {
        return body;
    }

    /** The script's SHA-1 in hex, for {@code EVALSHA}. */
    String sha() {
        return sha;
    }

    /** {@code <script or sha> <numkeys> <keys...> <args...>}: the arguments of EVAL and EVALSHA. */
    static String[] arguments(String script, List<String> keys, List<String> args) {
        List<String> a = new ArrayList<>(2 + keys.size() + args.size());
        a.add(script);
        a.add(Integer.toString(keys.size()));
        a.addAll(keys);
        a.addAll(args);
        return a.toArray(String[]::new);
    }
}
