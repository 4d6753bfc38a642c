package io.llmrouter.core.testing;

import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.StreamDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** Feeds a transcript to stream decoders in every possible two-piece split, and byte by byte. */
public final class Splits {

    private Splits() {
    }

    /** Events from feeding the whole transcript at once. */
    public static List<StreamEvent> whole(Supplier<StreamDecoder> decoders, byte[] transcript) {
        return feed(decoders.get(), List.of(transcript));
    }

    /** Events from feeding the transcript one byte at a time. */
    public static List<StreamEvent> byteByByte(Supplier<StreamDecoder> decoders, byte[] transcript) {
        List<byte[]> pieces = new ArrayList<>(transcript.length);
        for (byte b : transcript) {
            pieces.add(new byte[] {b});
        }
        return feed(decoders.get(), pieces);
    }

    /**
     * Asserts that splitting the transcript at every byte boundary (two pieces), and byte by byte, yields the same
     * events as feeding it whole; returns the whole-feed events.
     */
    public static List<StreamEvent> assertSplitInvariant(Supplier<StreamDecoder> decoders, byte[] transcript) {
        List<StreamEvent> expected = whole(decoders, transcript);
        for (int cut = 1; cut < transcript.length; cut++) {
            List<StreamEvent> got = feed(decoders.get(),
                    List.of(Arrays.copyOfRange(transcript, 0, cut), Arrays.copyOfRange(transcript, cut, transcript.length)));
            if (!got.equals(expected)) {
                throw new AssertionError("split at byte " + cut + " changed the events:\nexpected " + expected
                        + "\nbut got  " + got);
            }
        }
        List<StreamEvent> single = byteByByte(decoders, transcript);
        if (!single.equals(expected)) {
            throw new AssertionError("byte-by-byte feeding changed the events:\nexpected " + expected + "\nbut got  "
                    + single);
        }
        return expected;
    }

    private static List<StreamEvent> feed(StreamDecoder decoder, List<byte[]> pieces) {
        List<StreamEvent> out = new ArrayList<>();
        for (byte[] piece : pieces) {
            decoder.feed(piece, out::add);
        }
        decoder.end(out::add);
        return out;
    }
}
