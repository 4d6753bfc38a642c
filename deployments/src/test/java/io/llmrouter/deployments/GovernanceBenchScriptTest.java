package io.llmrouter.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static checks of the governance bench (bench/governance.sh and its driver bench/GovernanceLoad.java). Running it
 * takes two routers, Redis, nginx and a few minutes, so CI parses the script and compiles the driver: an edit that
 * breaks either fails the build here instead of the next run.
 */
class GovernanceBenchScriptTest {

    private static final Path BENCH = Kustomize.DEPLOYMENTS.resolveSibling("bench");
    private static final Path SCRIPT = BENCH.resolve("governance.sh");

    @Test
    void theScriptParses() throws IOException, InterruptedException {
        Process bash = new ProcessBuilder("bash", "-n", SCRIPT.toString()).redirectErrorStream(true).start();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS), "bash -n did not finish");
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, bash.exitValue(), "bash -n bench/governance.sh: " + output);
    }

    @Test
    void everyPortItListensOnIsCheckedFreeFirst() throws IOException {
        String script = Files.readString(SCRIPT);
        for (String port : new String[] {"ROUTER_A_PORT", "MANAGEMENT_A_PORT", "ROUTER_B_PORT", "MANAGEMENT_B_PORT",
                "UPSTREAM_PORT", "REDIS_PORT"}) {
            assertTrue(script.contains(port + "=${" + port + ":-"), port + " has a default");
            assertTrue(script.matches("(?s).*\\nrequire_free_ports [^\\n]*\"\\$" + port + "\"[^\\n]*\\n.*"),
                    port + " is in the free-port check");
        }
    }

    @Test
    void theDriverCompiles(@TempDir Path classes) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        // A class path of its own: the JVM's may name directories a clean build has not made yet.
        int result = javac.run(null, null, errors, "-Xlint:all", "-Werror", "-cp", classes.toString(),
                "-d", classes.toString(), BENCH.resolve("GovernanceLoad.java").toString());
        assertEquals(0, result, errors.toString(StandardCharsets.UTF_8));
    }
}
