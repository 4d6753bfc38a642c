import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks the output of {@code mvn package -Dnative -Dquarkus.native.sources-only=true} (router-service/target/
 * native-sources): the native-image arguments, and the reflection registrations Quarkus generated for project
 * classes (META-INF/native-image/reflect-config.json in the runner jar). Run by check-native-sources.sh with the
 * runner jar and its lib/ on the class path. Prints every problem and exits 1 if there is any.
 *
 * <p>Usage: CheckNativeSources &lt;native-sources dir&gt; &lt;expected-reflection.txt&gt; &lt;Dockerfile.native-build&gt;
 */
public final class CheckNativeSources {

    private static final String CONFIG_MAPPING = "io.llmrouter.service.config.RouterConfig";
    private static final List<String> problems = new ArrayList<>();

    private CheckNativeSources() {
    }

    public static void main(String[] args) throws Exception {
        Path sources = Path.of(args[0]);
        Path expectedFile = Path.of(args[1]);
        Path dockerfile = Path.of(args[2]);

        String runnerJarName = requireOne(sources, "-runner.jar");
        String executable = runnerJarName.substring(0, runnerJarName.length() - ".jar".length());
        checkArgs(sources, runnerJarName, executable, dockerfile);

        try (ZipFile jar = new ZipFile(sources.resolve(runnerJarName).toFile())) {
            JsonNode reflect = new ObjectMapper().readTree(read(jar, "META-INF/native-image/reflect-config.json"));
            Map<String, JsonNode> project = new TreeMap<>();
            for (JsonNode entry : reflect) {
                String name = entry.path("name").asText();
                if (name.startsWith("io.llmrouter.")) {
                    project.put(name, entry);
                }
            }
            System.out.println("Project classes registered for reflection (" + project.size() + "):");
            project.forEach((name, entry) -> System.out.println("  " + name + " " + flags(entry)));

            for (String impl : configMappingImplementations()) {
                JsonNode entry = project.get(impl);
                if (entry == null) {
                    problems.add("@ConfigMapping implementation " + impl + " is not registered for reflection:"
                            + " SmallRye Config instantiates it reflectively at run time");
                } else if (!entry.path("allDeclaredConstructors").asBoolean()
                        || !entry.path("allDeclaredMethods").asBoolean()) {
                    problems.add(impl + " lacks allDeclaredConstructors/allDeclaredMethods: " + entry);
                }
            }
            for (String factory : services(jar, "META-INF/services/io.smallrye.config.ConfigSourceFactory")) {
                JsonNode entry = project.get(factory);
                if (entry == null || !entry.path("allDeclaredConstructors").asBoolean()) {
                    problems.add("config source factory " + factory + " is not registered with its constructors");
                }
            }

            Set<String> expected = expected(expectedFile);
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(project.keySet());
            Set<String> unexpected = new TreeSet<>(project.keySet());
            unexpected.removeAll(expected);
            for (String name : missing) {
                problems.add("expected in reflect-config.json but not registered: " + name);
            }
            for (String name : unexpected) {
                problems.add("registered for reflection but not in " + expectedFile.getFileName() + ": " + name
                        + " " + flags(project.get(name)) + " (find out what reads it reflectively, then list it)");
            }
        }

        if (problems.isEmpty()) {
            System.out.println("OK: native-image inputs and reflection registrations are as expected.");
            return;
        }
        System.err.println("FAILED: " + problems.size() + " problem(s) in " + sources + ":");
        problems.forEach(p -> System.err.println("  - " + p));
        System.exit(1);
    }

    /** native-image.args builds the executable Dockerfile.native-build copies, from the runner jar, without fallback. */
    private static void checkArgs(Path sources, String runnerJar, String executable, Path dockerfile) throws IOException {
        List<String> args = Arrays.asList(Files.readString(sources.resolve("native-image.args")).trim().split("\\s+"));
        if (!args.contains("--no-fallback")) {
            problems.add("native-image.args lacks --no-fallback");
        }
        int jar = args.indexOf("-jar");
        if (jar < 1 || jar + 1 >= args.size() || !args.get(jar + 1).equals(runnerJar)
                || !args.get(jar - 1).equals(executable)) {
            problems.add("native-image.args does not end with '" + executable + " -jar " + runnerJar + "': " + args);
        }
        if (!Files.isDirectory(sources.resolve("lib"))) {
            problems.add("no lib/ next to the runner jar");
        }
        String docker = Files.readString(dockerfile);
        if (!docker.contains("/project/" + executable + " ")) {
            problems.add(dockerfile + " does not copy the executable /project/" + executable);
        }
        if (!docker.contains("/router-service/target/native-sources/")) {
            problems.add(dockerfile + " does not take its inputs from router-service/target/native-sources/");
        }
    }

    /** The generated implementation of RouterConfig and of every interface nested in it: Type$$CMImpl. */
    private static Set<String> configMappingImplementations() throws ClassNotFoundException {
        Set<String> out = new TreeSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(Class.forName(CONFIG_MAPPING, false, CheckNativeSources.class.getClassLoader()));
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (c.isInterface()) {
                out.add(c.getName() + "$$CMImpl");
            }
            todo.addAll(Arrays.asList(c.getDeclaredClasses()));
        }
        return out;
    }

    private static Set<String> expected(Path file) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(file)) {
            String name = line.replaceFirst("#.*", "").trim();
            if (!name.isEmpty()) {
                out.add(name);
            }
        }
        return out;
    }

    private static List<String> services(ZipFile jar, String entry) throws IOException {
        List<String> out = new ArrayList<>();
        if (jar.getEntry(entry) != null) {
            for (String line : read(jar, entry).split("\n")) {
                String name = line.replaceFirst("#.*", "").trim();
                if (name.startsWith("io.llmrouter.")) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    private static String flags(JsonNode entry) {
        List<String> flags = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : entry.properties()) {
            if (!field.getKey().equals("name")) {
                flags.add(field.getKey());
            }
        }
        return flags.toString();
    }

    private static String requireOne(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " does not exist: run the sources-only native build first");
        }
        try (var files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).toList();
            if (names.size() != 1) {
                throw new IllegalStateException("expected one *" + suffix + " in " + dir + ", found " + names);
            }
            return names.get(0);
        }
    }

    private static String read(ZipFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        if (entry == null) {
            throw new IllegalStateException(name + " is missing from " + jar.getName());
        }
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
