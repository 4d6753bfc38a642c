package io.llmrouter.service.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A directory laid out as the kubelet lays out a mounted ConfigMap or Secret: the files live in {@code ..<version>/},
 * {@code ..data} links to it, and each visible file is a link through {@code ..data}. An update writes a new version,
 * renames a new {@code ..data} link over the old one and deletes the old version: the visible files never change.
 */
public final class KubeletVolume {

    private final Path dir;
    private int version;

    public KubeletVolume(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Makes {@code files} (name to content) the volume's contents, as one atomic swap. */
    public void publish(Map<String, String> files) {
        try {
            Path next = dir.resolve("..2026_12_06_14_00_0" + (++version));
            Files.createDirectory(next);
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.writeString(next.resolve(f.getKey()), f.getValue());
            }
            Path data = dir.resolve("..data");
            Path old = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
            Path tmp = dir.resolve("..data_tmp");
            Files.createSymbolicLink(tmp, next.getFileName());
            Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            for (String name : files.keySet()) {
                Path visible = dir.resolve(name);
                if (!Files.isSymbolicLink(visible)) {
                    Files.createSymbolicLink(visible, Path.of("..data", name));
                }
            }
            try (Stream<Path> visible = Files.list(dir)) {
                for (Path p : visible.toList()) {
                    String name = p.getFileName().toString();
                    if (!name.startsWith("..") && !files.containsKey(name)) {
                        Files.delete(p);
                    }
                }
            }
            if (old != null) {
                try (Stream<Path> walk = Files.walk(old)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
