package io.llmrouter.core.wire;

import java.util.List;

/** Byte-array helpers of the frame paths. */
public final class Bytes {

    private Bytes() {
    }

    /** The parts one after the other, in one new array. */
    public static byte[] concat(List<byte[]> parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
