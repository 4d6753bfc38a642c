package io.llmrouter.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Static checks of the load bench's script (bench/run.sh). Running it takes ten minutes and nginx, so CI only parses
 * it: a script broken by an edit fails the build here instead of the next benchmark run.
 */
class BenchScriptTest {

    private static final Path RUN_SH = Kustomize.DEPLOYMENTS.resolveSibling("bench").resolve("run.sh");

    @Test
    void theBenchScriptParses() throws IOException, InterruptedException {
        Process bash = new ProcessBuilder("bash", "-n", RUN_SH.toString()).redirectErrorStream(true).start();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS), "bash -n did not finish");
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, bash.exitValue(), "bash -n bench/run.sh: " + output);
    }

    @Test
    void everyPortTheBenchListensOnIsCheckedFreeFirst() throws IOException {
        // A port missing from the check lets a leftover process from an earlier run answer in the bench's place.
        String script = Files.readString(RUN_SH);
        // The check's list, its continuation lines joined.
        Matcher check = Pattern.compile("\\nrequire_free_ports ((?:[^\\n]*\\\\\\n)*[^\\n]*)\\n").matcher(script);
        assertTrue(check.find(), "the free-port check");
        String checked = check.group(1);
        for (String port : new String[] {"ROUTER_PORT", "MANAGEMENT_PORT", "UPSTREAM_PORT", "STREAM_PORT", "FLOOR_PORT",
                "PROXY_PORT", "REDIS_ROUTER_PORT", "TRACED_ROUTER_PORT", "REDIS_PORT"}) {
            assertTrue(script.contains(port + "=${" + port + ":-"), port + " has a default");
            assertTrue(checked.contains("\"$" + port + "\""), port + " is in the free-port check");
        }
        // The Redis and traced routers' health and metrics listen one port up.
        assertTrue(checked.contains("\"$((REDIS_ROUTER_PORT + 1))\""), "the Redis router's management port");
        assertTrue(checked.contains("\"$((TRACED_ROUTER_PORT + 1))\""), "the traced router's management port");
    }
}
