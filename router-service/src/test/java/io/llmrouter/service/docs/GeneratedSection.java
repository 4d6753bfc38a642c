package io.llmrouter.service.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A part of a hand-written Markdown file that a test renders from the code, between a begin and an end marker (HTML
 * comments, invisible on GitHub). The test compares; with the system property {@value #WRITE} set to true it rewrites
 * the part instead, leaving the rest of the file as it was.
 */
final class GeneratedSection {

    /**
     * System property that makes the doc tests rewrite their sections instead of failing on a difference; not under
     * {@code router.}, which the service's configuration mapping owns and would refuse in a Quarkus test's JVM.
     */
    static final String WRITE = "docs.write";

    private final Path file;
    private final String begin;
    private final String end;

    GeneratedSection(Path file, String name) {
        this.file = file;
        this.begin = "<!-- BEGIN GENERATED " + name + " -->";
        this.end = "<!-- END GENERATED " + name + " -->";
    }

    /** The file's text with the section replaced by {@code body}. */
    String render(String body) {
        String text = read();
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalStateException(file + " has no '" + begin + "' ... '" + end + "' section");
        }
        return text.substring(0, from + begin.length()) + "\n" + body + text.substring(to);
    }

    /** The file's current text. */
    String read() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether this run rewrites the sections ({@code -Ddocs.write=true}). */
    static boolean writing() {
        return Boolean.getBoolean(WRITE);
    }

    /** Writes {@code text} as the file's new content. */
    void write(String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
