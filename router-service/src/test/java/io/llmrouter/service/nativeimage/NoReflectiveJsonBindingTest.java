package io.llmrouter.service.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.Protocol;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.ClassPathRoots;
import io.llmrouter.service.config.RouterConfig;
import io.llmrouter.service.nativeimage.fixtures.AnnotatedPayload;
import io.llmrouter.service.nativeimage.fixtures.Binder;
import io.llmrouter.service.nativeimage.fixtures.PlainPayload;
import io.llmrouter.service.nativeimage.fixtures.RegisteredPayload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The codecs read and write JSON through Jackson's tree model only, so no project class needs registering for
 * reflection in the native image. This scans the compiled classes of router-api, router-core and router-service
 * (directories or jars, whichever the build put on the class path) and fails on any reflective JSON binding of an
 * unregistered project class. The second test shows the scan catches each kind of binding it claims to.
 */
class NoReflectiveJsonBindingTest {

    @Test
    void noProjectClassIsBoundReflectivelyWithoutRegistration() {
        Map<String, byte[]> classes = new TreeMap<>();
        for (Class<?> anchor : List.of(Protocol.class, Json.class, RouterConfig.class)) {
            classes.putAll(projectClasses(anchor));
        }
        JacksonBindingScan scan = new JacksonBindingScan(classes, getClass().getClassLoader());

        assertTrue(classes.containsKey("io/llmrouter/api/Protocol.class"), "router-api scanned");
        assertTrue(classes.containsKey("io/llmrouter/core/convert/openai/OpenAiRequestDecoder.class"),
                "router-core scanned");
        assertTrue(classes.containsKey("io/llmrouter/service/jaxrs/ChatResource.class"), "router-service scanned");
        assertTrue(scan.size() > 150, "scanned only " + scan.size() + " classes");
        assertEquals(List.of(), scan.findings());
    }

    @Test
    void scanReportsEachKindOfReflectiveBinding() {
        Map<String, byte[]> classes = new TreeMap<>();
        for (Class<?> c : List.of(AnnotatedPayload.class, RegisteredPayload.class, PlainPayload.class, Binder.class)) {
            classes.put(c.getName(), bytes(c));
        }
        classes.put("Binder$1", bytes(Binder.class.getName() + "$1"));
        List<String> findings = new JacksonBindingScan(classes, getClass().getClassLoader()).findings();

        String fixtures = "io.llmrouter.service.nativeimage.fixtures.";
        assertEquals(Stream.of(
                fixtures + "AnnotatedPayload: Jackson annotation on field maxTokens"
                        + " (com.fasterxml.jackson.annotation.JsonProperty) without @RegisterForReflection",
                fixtures + "AnnotatedPayload: Jackson annotation on parameter of <init>"
                        + " (com.fasterxml.jackson.annotation.JsonProperty) without @RegisterForReflection",
                fixtures + "AnnotatedPayload: Jackson annotation on method maxTokens"
                        + " (com.fasterxml.jackson.annotation.JsonProperty) without @RegisterForReflection",
                fixtures + "Binder.readPlain: ObjectMapper.readValue binds " + fixtures
                        + "PlainPayload without @RegisterForReflection",
                fixtures + "Binder.treeToPlain: ObjectMapper.treeToValue binds " + fixtures
                        + "PlainPayload without @RegisterForReflection",
                fixtures + "Binder.readList: ObjectMapper.readValue with a com.fasterxml.jackson.core.type.TypeReference"
                        + " not given as a class literal: its target type cannot be checked",
                fixtures + "Binder.writePlain: ObjectMapper.writeValueAsBytes serializes " + fixtures
                        + "PlainPayload without @RegisterForReflection",
                fixtures + "Binder.writeAnything: ObjectMapper.writeValueAsString of a value typed Object:"
                        + " its class cannot be checked").sorted().toList(),
                findings.stream().sorted().toList());
    }

    /** The io/llmrouter class files of the class path root (directory or jar) that holds {@code anchor}. */
    private static Map<String, byte[]> projectClasses(Class<?> anchor) {
        Map<String, byte[]> out = new TreeMap<>();
        try {
            Path root = ClassPathRoots.of(anchor);
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root.resolve("io/llmrouter"))) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                        out.put(root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                    }
                }
            } else {
                try (ZipFile jar = new ZipFile(root.toFile())) {
                    for (ZipEntry e : jar.stream().toList()) {
                        if (e.getName().startsWith("io/llmrouter/") && e.getName().endsWith(".class")) {
                            try (InputStream in = jar.getInputStream(e)) {
                                out.put(e.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static byte[] bytes(Class<?> c) {
        return bytes(c.getName());
    }

    private static byte[] bytes(String className) {
        try (InputStream in = NoReflectiveJsonBindingTest.class.getClassLoader()
                .getResourceAsStream(className.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new IllegalStateException("no class file for " + className);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
