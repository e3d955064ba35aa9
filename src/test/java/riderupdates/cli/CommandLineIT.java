package riderupdates.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import riderupdates.broker.EmbeddedKafkaBroker;
import riderupdates.support.KafkaRecords;
import riderupdates.support.RouteFiles;

/**
 * How bin/rider is told where things are: the brokers from the environment or the flag, the routes from a folder
 * or the jar, settings from the environment or -D, and how long run waits for its groups. Separate processes
 * against one broker; each test has its own topic.
 */
class CommandLineIT {

    private static final Duration EXIT = Duration.ofSeconds(90);
    private static final String NOBODY = "localhost:1";

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void kafkaBrokersNamesTheClusterAndTheFlagBeatsIt() throws Exception {
        String topic = KafkaRecords.uniqueTopic("cli-brokers");
        try (RiderProcess admin = RiderProcess.start(Map.of("KAFKA_BROKERS", broker.bootstrapServers()), args("admin", topic))) {
            assertEquals(0, admin.awaitExit(EXIT), admin.stderr());
            assertTrue(admin.stdout().get(0).startsWith("Topic '" + topic + "' on " + broker.bootstrapServers() + ": created"),
                    admin.stdout().toString());
        }
        try (RiderProcess admin = RiderProcess.start(Map.of("KAFKA_BROKERS", NOBODY),
                args("admin", topic, "--brokers", broker.bootstrapServers()))) {
            assertEquals(0, admin.awaitExit(EXIT), admin.stderr());
            assertTrue(admin.stdout().get(0).contains("' on " + broker.bootstrapServers() + ": exists"), admin.stdout().toString());
        }
    }

    @Test
    void aFlagBeatsTheEnvironmentForCamelKeysToo() throws Exception {
        // camel-main alone would take CAMEL_MAIN_NAME over -D camel.main.name; and a stray variable for the kafka
        // component's brokers must not lead the routes away from the cluster admin checked
        Map<String, String> environment = Map.of("CAMEL_MAIN_NAME", "fromenv", "CAMEL_COMPONENT_KAFKA_BROKERS", NOBODY);
        try (RiderProcess produce = RiderProcess.start(environment,
                args("produce", KafkaRecords.uniqueTopic("cli-camel-env"), "--brokers", broker.bootstrapServers(), "-D", "camel.main.name=fromflag"))) {
            produce.pipe("tony north\n");
            assertEquals(0, produce.awaitExit(EXIT), produce.stderr());
            assertTrue(produce.stderr().contains("Apache Camel 4.18.0 (fromflag) is starting"), produce.stderr());
            assertFalse(produce.stderr().contains("fromenv"), produce.stderr());
            assertTrue(produce.stderr().contains("stdin: read 1, published 1, rejected 0"), produce.stderr());
        }
    }

    @Test
    void routesComeFromTheFolderNamedByTheFlag(@TempDir Path routes) throws Exception {
        RouteFiles.copyTo(routes);
        // an edit only this folder has: what is logged for a rejected line
        Path errors = routes.resolve("errors.camel.yaml");
        Files.writeString(errors, Files.readString(errors).replace("message: \"rejected ", "message: \"set aside "));
        try (RiderProcess produce = RiderProcess.start(args("produce", KafkaRecords.uniqueTopic("cli-routes"), "--brokers", broker.bootstrapServers(),
                "--routes", routes.toString()))) {
            produce.pipe("tony north\ntony\n");
            assertEquals(0, produce.awaitExit(EXIT), produce.stderr());
            assertTrue(produce.stderr().contains("Routes from " + routes.toAbsolutePath().normalize() + ": errors.camel.yaml, producer.camel.yaml, stdin.camel.yaml"),
                    produce.stderr());
            assertTrue(produce.stderr().contains("set aside stdin:2: missing location in \"tony\""), produce.stderr());
        }
    }

    @Test
    void runExitsOneNamingTheGroupBehindWhenTheDrainTimeoutRunsOut(@TempDir Path routes) throws Exception {
        // RIDER_ROUTES names the folder; its consumer template reads another topic, so group gstuck never prints
        RouteFiles.copyTo(routes);
        Path consumer = routes.resolve("consumer.camel.yaml");
        Files.writeString(consumer, Files.readString(consumer).replace("uri: \"kafka:{{rider.topic}}\"", "uri: \"kafka:{{rider.topic}}.elsewhere\""));
        try (RiderProcess run = RiderProcess.start(Map.of("RIDER_ROUTES", routes.toString()),
                args("run", KafkaRecords.uniqueTopic("cli-drain"), "--brokers", broker.bootstrapServers(), "--group", "gstuck", "--drain-timeout", "2"))) {
            run.pipe("tony north\n");
            assertEquals(1, run.awaitExit(EXIT), run.stderr());
            assertTrue(run.stderr().contains("Routes from " + routes.toAbsolutePath().normalize() + ": consumer.camel.yaml, errors.camel.yaml"),
                    run.stderr());
            assertTrue(run.stderr().contains("rider: the input ended, but after 2 s these groups had not printed every record"),
                    run.stderr());
            assertTrue(run.stderr().contains(": gstuck at {}"), run.stderr());
            assertEquals(List.of(), run.stdout());
        }
    }

    @Test
    void withNoRoutesFolderTheJarsCopiesRun(@TempDir Path home) throws Exception {
        // bin/rider in a folder of its own, sharing the built jar: no routes/ beside it, none in the working directory
        Path project = Path.of("").toAbsolutePath();
        Files.createDirectories(home.resolve("bin"));
        Files.createSymbolicLink(home.resolve("bin").resolve("rider"), project.resolve("bin").resolve("rider"));
        Files.createSymbolicLink(home.resolve("target"), project.resolve("target"));
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve("rider").toString()));
        command.addAll(List.of(args("produce", KafkaRecords.uniqueTopic("cli-bundled"), "--brokers", broker.bootstrapServers())));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectOutput(home.resolve("stdout.txt").toFile()).redirectError(home.resolve("stderr.txt").toFile());
        builder.environment().remove("KAFKA_BROKERS");
        builder.environment().remove("RIDER_ROUTES");
        Process produce = builder.start();
        try (OutputStream in = produce.getOutputStream()) {
            in.write("tony north\n".getBytes(StandardCharsets.UTF_8));
        }
        boolean exited = produce.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            produce.destroyForcibly();
        }
        String stderr = Files.readString(home.resolve("stderr.txt"));
        assertTrue(exited, "bin/rider did not exit within " + EXIT + ":\n" + stderr);
        assertEquals(0, produce.exitValue(), stderr);
        assertTrue(stderr.contains("Routes from the copies bundled in the jar (no routes/ folder found)"), stderr);
        assertTrue(stderr.contains("stdin: read 1, published 1, rejected 0"), stderr);
    }

    /** The command on a topic and dead-letter topic of the test's own, with more arguments. */
    private static String[] args(String command, String topic, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "-D", "rider.topic=" + topic, "-D", "rider.dlq-topic=" + topic + ".dlq"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}
