package io.llmrouter.service.config;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the inbound key a caller presented among every tenant's keys in O(log n), by the SHA-256 of what was
 * presented: a binary search on the digests' first eight bytes, then {@link MessageDigest#isEqual} on the whole digest
 * of each entry with that prefix. Everything the lookup does depends on the presented key's digest only, never on how
 * close it is to a stored key, so its timing tells an attacker at best where digest prefixes lie, which needs a
 * preimage of SHA-256 to use. No allocation per lookup besides the digest.
 */
public final class KeyIndex {

    /**
     * One digest per thread: {@code MessageDigest.getInstance} looks the algorithm up in the provider list on every
     * call, which showed up in the request path's profile. {@code digest} resets the instance for the next use.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    });

    /** A key's digest and who presenting it identifies. */
    public record Entry(byte[] digest, TenantRegistry.Identity identity) {
    }

    private final long[] prefixes;
    private final Entry[] entries;

    public KeyIndex(List<Entry> entries) {
        this.entries = entries.stream().sorted(Comparator.comparingLong(e -> prefix(e.digest())))
                .toArray(Entry[]::new);
        this.prefixes = Arrays.stream(this.entries).mapToLong(e -> prefix(e.digest())).toArray();
    }

    /** Who presenting {@code key} identifies, or null. */
    public TenantRegistry.Identity find(String key) {
        if (key == null || key.isEmpty()) {
            return null;
        }
        byte[] digest = sha256(key);
        long prefix = prefix(digest);
        int i = Arrays.binarySearch(prefixes, prefix);
        if (i < 0) {
            return null;
        }
        while (i > 0 && prefixes[i - 1] == prefix) {
            i--;
        }
        for (; i < prefixes.length && prefixes[i] == prefix; i++) {
            if (MessageDigest.isEqual(entries[i].digest(), digest)) {
                return entries[i].identity();
            }
        }
        return null;
    }

    /** Keys in the index. */
    public int size() {
        return entries.length;
    }

    /** The SHA-256 of {@code s}'s UTF-8 bytes. */
    public static byte[] sha256(String s) {
        return SHA_256.get().digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static long prefix(byte[] digest) {
        return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    }
}
