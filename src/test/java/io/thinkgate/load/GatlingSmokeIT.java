package io.thinkgate.load;

import io.thinkgate.it.PackagedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CI's load smoke (issue 12): the Gatling module in {@code loadtests/} (its own Maven build: Gatling's Netty clashes
 * with the Quarkus BOM) runs its unit tests and then the steady and past-capacity simulations, about 20 s each,
 * against the packaged jar on the demo model, as a user runs them. Any Gatling assertion or broken invariant fails
 * that build, and so this test; a run that must break one shows that it does.
 */
class GatlingSmokeIT {

    private static final Path PROJECT = ModuleBuild.PROJECT;
    private static final Path OUT = PROJECT.resolve("target/load-smoke");
    private static final String SIMULATIONS = "io.thinkgate.loadtests.";

    private static PackagedServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = new PackagedServer(PROJECT.resolve(PackagedServer.JAR), OUT.resolve("server.log"),
                List.of("thinkgate.model.cache-dir=" + OUT.resolve("cache").toAbsolutePath()), Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void steadyLoadAndLoadPastCapacityHoldEveryAssertion() throws Exception {
        ModuleBuild.Run run = gatling("smoke", List.of("test", "gatling:test", "-Dgatling.runMultipleSimulations=true",
                "-Dgatling.includes=" + SIMULATIONS + "SteadySimulation," + SIMULATIONS + "PastCapacitySimulation",
                "-Dduration=20s", "-Drate.to=40", "-Dassert.ttft.p95.ms=5000", "-Dassert.min.rps=0.5"));

        assertEquals(0, run.exit(), "the load smoke failed:\n" + run.tail());
        assertTrue(run.log().contains("Tests run: ") && !run.log().contains("FAILURE"), run.tail());
        assertEquals(2, count(run.log(), "invariants: all held"), run.tail());
        assertEquals(2, count(run.log(), "Reports generated"), run.tail());
        assertTrue(run.log().matches("(?s).*replies\\s+\\d+ served \\(200\\), [1-9]\\d* refused \\(429\\).*"),
                "the ramp went past capacity:\n" + run.tail());
        for (String simulation : List.of("steadysimulation-", "pastcapacitysimulation-")) {
            Path report = newestRun(simulation);
            assertTrue(Files.exists(report.resolve("index.html")), report + " has Gatling's report");
            assertTrue(Files.readString(report.resolve("thinkgate-metrics.html")).contains("<svg"), report + "");
            assertTrue(Files.readAllLines(report.resolve("thinkgate-metrics.csv")).size() > 10, report + "");
        }
        assertTrue(server.isAlive());
    }

    @Test
    void aRunThatBreaksAnInvariantFailsTheBuildAndSaysWhy() throws Exception {
        ModuleBuild.Run run = gatling("broken", List.of("gatling:test", "-Dgatling.simulationClass=" + SIMULATIONS
                + "PastCapacitySimulation", "-Dduration=4s", "-Drate.from=1", "-Drate.to=1"));

        assertNotEquals(0, run.exit(), run.tail());
        assertTrue(run.log().contains("invariants: BROKEN: no request was refused"), run.tail());
        assertTrue(run.log().contains("count of failed events is 0.0 : false"), run.tail());
    }

    /** One build of the loadtests module against the server; its output goes to target/load-smoke/NAME.log. */
    private static ModuleBuild.Run gatling(String name, List<String> goals) throws Exception {
        List<String> args = new ArrayList<>(goals);
        args.addAll(List.of("-Durl=" + server.uri("").toString().replaceAll("/$", ""), "-Dusers=2",
                "-Dmax.tokens=256", "-Dprompt=think forever", "-Dthinkgate={\"loop_brake\":false}"));
        return ModuleBuild.run("loadtests/pom.xml", args, OUT.resolve(name + ".log"), Duration.ofMinutes(8));
    }

    private static Path newestRun(String prefix) throws IOException {
        try (Stream<Path> runs = Files.list(PROJECT.resolve("loadtests/target/gatling"))) {
            return runs.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .max(java.util.Comparator.comparing(p -> p.getFileName().toString())).orElseThrow();
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
