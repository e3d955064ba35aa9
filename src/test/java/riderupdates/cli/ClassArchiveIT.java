package riderupdates.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import riderupdates.support.KafkaRecords;
import riderupdates.support.SharedKafkaBroker;

/**
 * bin/rider's class-data archive (target/cds/) is kept only from a run that did its work: a help run writes none, a
 * run that failed before it started (here: admin found no broker) leaves its archive unmarked and the next run writes
 * a new one, and a marked one is checked and used (mapped) from the run after. In a home of its own, sharing the
 * built jar, so the project's archives are untouched.
 */
@ExtendWith(SharedKafkaBroker.class)
class ClassArchiveIT {

    private static final Duration EXIT = Duration.ofSeconds(90);

    @Test
    void onlyARunThatDidItsWorkLeavesTheArchiveItsCommandUses(@TempDir Path home) throws Exception {
        Path launcher = homeSharingTheJar(home);
        Path cds = home.resolve("target").resolve("cds");
        String topic = KafkaRecords.uniqueTopic("cds");
        String[] onTopic = {"--brokers", SharedKafkaBroker.bootstrapServers(), "-D", "rider.topic=" + topic, "-D", "rider.dlq-topic=" + topic + ".dlq"};

        try (RiderProcess help = RiderProcess.start(launcher, Map.of(), "produce", "--help")) {
            assertEquals(0, help.awaitExit(EXIT), help.stderr());
        }
        assertEquals(List.of(), archives(cds, "produce"), "a help run writes no archive");

        try (RiderProcess failed = RiderProcess.start(launcher, Map.of(), "consume", "--brokers", "localhost:1",
                "-D", "rider.admin-timeout-seconds=2")) {
            assertNotEquals(0, failed.awaitExit(EXIT));
        }
        assertEquals(List.of("consume-#jsa.new"), archives(cds, "consume"), "written, and not marked: admin failed");

        // produce starts Camel while admin runs: its run is marked only once admin has answered
        try (RiderProcess failed = RiderProcess.start(launcher, Map.of(), "produce", "--brokers", "localhost:1",
                "-D", "rider.admin-timeout-seconds=2")) {
            failed.pipe("tony north\n");
            assertNotEquals(0, failed.awaitExit(EXIT));
        }
        assertEquals(List.of("produce-#jsa.new"), archives(cds, "produce"), "written, and not marked: admin failed");

        try (RiderProcess produce = RiderProcess.start(launcher, Map.of(), args("produce", onTopic))) {
            produce.pipe("tony north\n");
            assertEquals(0, produce.awaitExit(EXIT), produce.stderr());
        }
        assertEquals(List.of("produce-#jsa.new", "produce-#jsa.ok"), archives(cds, "produce"), "written and marked");

        // -Xshare:on: the run fails unless the archive is mapped
        try (RiderProcess produce = RiderProcess.start(launcher, Map.of("JAVA_OPTS", "-Xshare:on"), args("produce", onTopic))) {
            produce.pipe("asha south\n");
            assertEquals(0, produce.awaitExit(EXIT), produce.stderr());
        }
        assertEquals(List.of("produce-#jsa"), archives(cds, "produce"), "checked, and in use");

        try (RiderProcess consume = RiderProcess.start(launcher, Map.of(), args("consume", onTopic))) {
            List<String> lines = consume.awaitStdoutLines(2, EXIT);
            assertEquals(2, lines.size(), consume.stderr());
            assertEquals(143, consume.terminate(EXIT), consume.stderr());
        }
        assertEquals(List.of("consume-#jsa.new", "consume-#jsa.ok"), archives(cds, "consume"),
                "the unmarked archive thrown away, and a new one written and marked");
    }

    /** bin/rider in a folder of its own: the project's jar and libraries, its own target/cds/. */
    private static Path homeSharingTheJar(Path home) throws IOException {
        Path project = Path.of("").toAbsolutePath();
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("target"));
        Files.createSymbolicLink(home.resolve("bin").resolve("rider"), project.resolve("bin").resolve("rider"));
        Files.createSymbolicLink(home.resolve("target").resolve("rider-updates.jar"), project.resolve("target").resolve("rider-updates.jar"));
        Files.createSymbolicLink(home.resolve("target").resolve("lib"), project.resolve("target").resolve("lib"));
        return home.resolve("bin").resolve("rider");
    }

    /** The command's archive files, sorted, with the jar's and java's stamps as {@code #}. */
    private static List<String> archives(Path cds, String command) throws IOException {
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(command + "-"))
                    .map(name -> name.replaceFirst("-[0-9-]+jsa", "-#jsa"))
                    .sorted()
                    .toList();
        }
    }

    private static String[] args(String command, String... more) {
        return Stream.concat(Stream.of(command), Stream.of(more)).toArray(String[]::new);
    }
}
