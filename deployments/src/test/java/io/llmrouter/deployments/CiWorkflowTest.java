package io.llmrouter.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The GitHub Actions workflow (.github/workflows/ci.yml) cannot run here: these checks parse it and hold its commands
 * to the README's, so that CI runs what a user is told to run. The README's two set-up commands are the reference;
 * .ci/run, the local CI entry point, runs the same test command.
 */
class CiWorkflowTest {

    private static final Path ROOT = Kustomize.DEPLOYMENTS.getParent();
    private static final Path WORKFLOW = ROOT.resolve(".github/workflows/ci.yml");
    private static final Pattern USES = Pattern.compile("[\\w.-]+/[\\w.-]+@v\\d+");

    /** The README's commands: the fenced block after the sentence that introduces it. */
    static String readmeCommand(String introduction) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int at = readme.indexOf(introduction);
        assertTrue(at >= 0, "README.md no longer says '" + introduction + "'");
        Matcher block = Pattern.compile("```bash\\n(.+?)\\n```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(at), "no command block after '" + introduction + "'");
        return block.group(1).strip();
    }

    static String testCommand() throws IOException {
        return readmeCommand("Run the whole test suite:");
    }

    static String runCommand() throws IOException {
        return readmeCommand("Run the service");
    }

    private static Map<String, Object> workflow() throws IOException {
        List<Map<String, Object>> documents = Kustomize.parse(Files.readString(WORKFLOW));
        assertEquals(1, documents.size(), "one YAML document");
        return documents.get(0);
    }

    private static Map<String, Object> job(String name) throws IOException {
        Map<String, Object> job = Yamls.map(workflow(), "jobs." + name);
        assertFalse(job.isEmpty(), "no job '" + name + "' in ci.yml");
        return job;
    }

    /** The {@code run:} commands of a job's steps, in order. */
    private static List<String> runs(String jobName) throws IOException {
        List<String> runs = new ArrayList<>();
        for (Object step : Yamls.list(job(jobName), "steps")) {
            String run = Yamls.str(step, "run");
            if (run != null) {
                runs.add(run.strip());
            }
        }
        return runs;
    }

    @Test
    void theReadmeCommandsUseTheMavenWrapper() throws IOException {
        assertEquals("./mvnw -B verify", testCommand());
        assertTrue(runCommand().startsWith("./mvnw -B -DskipTests package && java "), runCommand());
        assertTrue(Files.isExecutable(ROOT.resolve("mvnw")), "mvnw is executable");
        String wrapper = Files.readString(ROOT.resolve(".mvn/wrapper/maven-wrapper.properties"));
        assertTrue(wrapper.matches("(?s).*distributionUrl=\\S+/apache-maven-3\\.9\\.\\d+-bin\\.zip.*"), wrapper);
        assertTrue(wrapper.contains("distributionSha256Sum="), "the download is checked");
    }

    @Test
    void theLocalCiEntryPointRunsTheReadmeTestCommand() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve(".ci/run"));
        assertTrue(lines.contains(testCommand()), ".ci/run runs " + testCommand());
        for (String line : lines) {
            assertFalse(line.contains("../"), ".ci/run reads nothing outside the repository: " + line);
            assertFalse(line.matches("\\s*mvn\\s.*"), ".ci/run uses the wrapper: " + line);
        }
    }

    @Test
    void theWorkflowRunsOnEveryPushAndParses() throws IOException {
        Map<String, Object> workflow = workflow();
        // YAML 1.1 reads the key "on" as the boolean true.
        Object on = workflow.containsKey("on") ? workflow.get("on") : workflow.get(Boolean.TRUE);
        assertNotNull(on, "no trigger");
        assertTrue(Yamls.asMap(on).containsKey("push"), "runs on every push: " + on);
        for (String name : List.of("test", "native", "image")) {
            for (Object step : Yamls.list(job(name), "steps")) {
                String uses = Yamls.str(step, "uses");
                assertTrue(uses == null || USES.matcher(uses).matches(), name + ": action not pinned: " + uses);
            }
            for (String run : runs(name)) {
                assertFalse(run.matches("(?s)(.*\\s)?mvn\\s.*"), name + " uses the wrapper: " + run);
            }
        }
    }

    @Test
    void theTestJobRunsTheReadmeTestCommandOnJava17And21WithTheMavenCache() throws IOException {
        Map<String, Object> test = job("test");
        assertEquals(List.of("17", "21"), Yamls.list(test, "strategy.matrix.java"));
        assertEquals(List.of(testCommand()), runs("test"));
        Object setupJava = Yamls.list(test, "steps").stream()
                .filter(s -> String.valueOf(Yamls.str(s, "uses")).startsWith("actions/setup-java@")).findFirst()
                .orElseThrow(() -> new AssertionError("test job has no actions/setup-java step"));
        assertEquals("maven", Yamls.str(setupJava, "with.cache"));
        assertEquals("${{ matrix.java }}", Yamls.str(setupJava, "with.java-version"));
    }

    @Test
    void theNativeJobBuildsInTheMandrelBuilderAndRunsTheIntegrationSuite() throws IOException {
        List<String> runs = runs("native");
        String build = runs.get(0);
        // verify: failsafe runs the @QuarkusIntegrationTest classes against the native executable.
        assertTrue(build.startsWith("./mvnw -B verify ") && build.contains(" -Dnative ")
                && build.contains(" -Dquarkus.native.container-build=true"), build);
        // The same command deployments/README.md gives for building the executable with only Docker.
        assertTrue(Files.readString(ROOT.resolve("deployments/README.md")).contains(build),
                "deployments/README.md documents " + build);
        // The builder image the container build uses is the one application.properties pins.
        String properties = Files.readString(ROOT.resolve("router-service/src/main/resources/application.properties"));
        assertTrue(properties.contains(
                "quarkus.native.builder-image=quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:"),
                "application.properties pins the Mandrel builder image");
        assertDockerBuild(runs.get(1), "Dockerfile.native");
    }

    @Test
    void theImageJobPackagesAsTheReadmeDoesAndBuildsTheJvmImage() throws IOException {
        List<String> runs = runs("image");
        assertEquals(runCommand().substring(0, runCommand().indexOf(" && ")), runs.get(0));
        assertDockerBuild(runs.get(1), "Dockerfile.jvm");
    }

    /** A {@code docker build} of one of the repository's Dockerfiles, from the repository root. */
    private static void assertDockerBuild(String run, String dockerfile) {
        Matcher build = Pattern.compile("docker build -f (\\S+) -t \\S+ \\.").matcher(run);
        assertTrue(build.matches(), run);
        assertEquals("deployments/docker/" + dockerfile, build.group(1));
        assertTrue(Files.isRegularFile(ROOT.resolve(build.group(1))), build.group(1) + " exists");
    }
}
