package riderupdates.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import riderupdates.broker.EmbeddedKafkaBroker;
import riderupdates.support.Corpus;
import riderupdates.support.DeadLetters;
import riderupdates.support.KafkaRecords;
import riderupdates.support.RouteFiles;

/** The README's main command and the tutorial's terminals, run through bin/rider as separate processes. */
class RiderLauncherIT {

    private static final Duration EXIT = Duration.ofSeconds(90);

    @Test
    void runPrintsEveryRecordForEveryGroupAndExitsZeroWhenTheInputEnds() throws Exception {
        try (RiderProcess rider = RiderProcess.start("run", "--group", "g1", "--group", "g2")) {
            // a blank line, a one-word line, and no newline after the last line: all normal input
            rider.pipe("tony south\ntony north\n\ntony\nasha north");
            assertEquals(0, rider.awaitExit(EXIT), rider.stderr());

            List<String> out = rider.stdout();
            for (String group : List.of("g1", "g2")) {
                assertEquals(List.of(
                                group + ": [rider-updates]: PART:0: {\"name\":\"tony\",\"location\":\"north\"}",
                                group + ": [rider-updates]: PART:0: {\"name\":\"asha\",\"location\":\"north\"}"),
                        out.stream().filter(l -> l.startsWith(group + ": ") && l.contains("PART:0:")).toList(), String.join("\n", out));
                assertEquals(List.of(group + ": [rider-updates]: PART:1: {\"name\":\"tony\",\"location\":\"south\"}"),
                        out.stream().filter(l -> l.startsWith(group + ": ") && l.contains("PART:1:")).toList(), String.join("\n", out));
            }
            assertEquals(6, out.size(), "stdout holds the records and nothing else:\n" + String.join("\n", out));
            assertTrue(rider.stderr().contains("rejected stdin:4: missing location in \"tony\""), rider.stderr());
        }
    }

    @Test
    void produceSetsEveryBadLineOfStdinAsideWithItsReason() throws Exception {
        String topic = KafkaRecords.uniqueTopic("launcher-corpus");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             RiderProcess producer = RiderProcess.start("produce", "--brokers", broker.bootstrapServers(),
                     "-D", "rider.topic=" + topic, "-D", "rider.dlq-topic=" + topic + ".dlq")) {
            producer.pipeBytes(Corpus.asInput());
            assertEquals(0, producer.awaitExit(EXIT), producer.stderr());
            DeadLetters.assertCorpusOutcome(broker.bootstrapServers(), topic, topic + ".dlq", "stdin");
            assertTrue(producer.stderr().contains("rejected stdin:3: missing location in \"tony\""), producer.stderr());
            assertTrue(producer.stderr().contains("stdin: read 12, published 6, rejected 6 (2 blank lines skipped)"), producer.stderr());
        }
    }

    @Test
    void theRegionMapComesFromTheEnvironmentAndGrowTheTopicToFit() throws Exception {
        try (RiderProcess rider = RiderProcess.start(Map.of("RIDER_REGIONS_EAST", "2"), "run", "--grow")) {
            rider.pipe("tony east\nasha north\n");
            assertEquals(0, rider.awaitExit(EXIT), rider.stderr());
            assertEquals(List.of(
                            "g1: [rider-updates]: PART:0: {\"name\":\"asha\",\"location\":\"north\"}",
                            "g1: [rider-updates]: PART:2: {\"name\":\"tony\",\"location\":\"east\"}"),
                    rider.stdout().stream().sorted().toList());
        }
    }

    @Test
    void aGroupAddedInYamlPrintsEveryRecordAndRunWaitsForIt(@TempDir Path routes) throws Exception {
        RouteFiles.copyTo(routes);
        RouteFiles.addGroup(routes, "audit");
        try (RiderProcess rider = RiderProcess.start("run", "--routes", routes.toString(), "--group", "g1")) {
            rider.pipe("tony south\nasha north\n");
            assertEquals(0, rider.awaitExit(EXIT), rider.stderr());
            assertEquals(List.of(
                            "audit: [rider-updates]: PART:0: {\"name\":\"asha\",\"location\":\"north\"}",
                            "audit: [rider-updates]: PART:1: {\"name\":\"tony\",\"location\":\"south\"}",
                            "g1: [rider-updates]: PART:0: {\"name\":\"asha\",\"location\":\"north\"}",
                            "g1: [rider-updates]: PART:1: {\"name\":\"tony\",\"location\":\"south\"}"),
                    rider.stdout().stream().sorted().toList(), rider.stderr());
            assertTrue(rider.stderr().contains("Input ended; groups [audit, g1] printed every record"), rider.stderr());
        }
    }

    @Test
    void runWithNoInputExitsZero() throws Exception {
        try (RiderProcess rider = RiderProcess.start("run")) {
            rider.pipe("");
            assertEquals(0, rider.awaitExit(EXIT), rider.stderr());
            assertEquals(List.of(), rider.stdout());
        }
    }

    @Test
    void theTutorialsTerminalsAsSeparateProcesses(@TempDir Path data) throws Exception {
        String brokers = "localhost:" + freePort();
        String port = brokers.substring("localhost:".length());
        try (RiderProcess broker = RiderProcess.start("broker", "--port", port, "--data", data.toString())) {
            assertEquals(1, broker.awaitStdoutLines(1, EXIT).size(), broker.stderr());
            assertTrue(broker.stdout().get(0).startsWith("Kafka broker listening on " + brokers), broker.stdout().get(0));

            try (RiderProcess consumer = RiderProcess.start("consume", "--group", "g1", "--brokers", brokers)) {
                try (RiderProcess producer = RiderProcess.start("produce", "--brokers", brokers)) {
                    producer.pipe("tony south\ntony north\n");
                    assertEquals(0, producer.awaitExit(EXIT), producer.stderr());
                    assertEquals(List.of(), producer.stdout(), "piped: no prompt");
                }
                List<String> printed = consumer.awaitStdoutLines(2, EXIT);
                assertEquals(List.of(
                                "g1: [rider-updates]: PART:0: {\"name\":\"tony\",\"location\":\"north\"}",
                                "g1: [rider-updates]: PART:1: {\"name\":\"tony\",\"location\":\"south\"}"),
                        printed.stream().sorted().toList(), consumer.stderr());
                // SIGTERM: a graceful stop, with the conventional exit status 128 + 15
                assertEquals(143, consumer.terminate(EXIT), consumer.stderr());
                assertTrue(consumer.stderr().contains("Apache Camel (Main) 4.18.0 shutdown"), consumer.stderr());
            }
            // admin on the running broker: the topic is there already, and that is fine
            try (RiderProcess admin = RiderProcess.start("admin", "--brokers", brokers)) {
                assertEquals(0, admin.awaitExit(EXIT), admin.stderr());
                assertTrue(admin.stdout().get(0).contains("exists"), admin.stdout().toString());
            }
            assertEquals(143, broker.terminate(EXIT), broker.stderr());
        }
    }

    @Test
    void sigtermPublishesTheLinesAlreadyReadAndSaysWhichCouldNotBe() throws Exception {
        String topic = KafkaRecords.uniqueTopic("launcher-sigterm");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        try (broker; RiderProcess producer = RiderProcess.start("produce", "--brokers", broker.bootstrapServers(),
                "-D", "rider.topic=" + topic,
                "-D", "camel.component.kafka.request-timeout-ms=2000",
                "-D", "camel.component.kafka.max-block-ms=2000",
                "-D", "camel.component.kafka.delivery-timeout-ms=4000")) {
            producer.awaitStderr("started in", EXIT);
            producer.write("tony north\nasha south\n");
            assertEquals(2, KafkaRecords.readAll(broker.bootstrapServers(), topic, 2, EXIT).size(), producer.stderr());

            broker.close();
            producer.write("tony south\nasha north\n");
            // the two lines are read and sent while no broker answers; then the stop comes (the wait is generous:
            // the reader takes them at once)
            Thread.sleep(3_000);
            // 143 for SIGTERM, as for any command stopped; what was lost is in the message
            assertEquals(143, producer.terminate(EXIT), producer.stderr());
            assertTrue(producer.stderr().contains("stdin: read 4, published 2, rejected 0, failed 2"), producer.stderr());
            assertTrue(producer.stderr().contains("rider: 2 line(s) of stdin could not be published to Kafka"), producer.stderr());
        }
    }

    @Test
    void aThreeNodeClusterFromTheLauncherGetsTheTopicWithThreeCopies() throws Exception {
        int port = freePort();
        String brokers = "localhost:" + port + ",localhost:" + (port + 1) + ",localhost:" + (port + 2);
        try (RiderProcess cluster = RiderProcess.start("broker", "--nodes", "3", "--port", String.valueOf(port))) {
            assertEquals(1, cluster.awaitStdoutLines(1, EXIT).size(), cluster.stderr());
            assertTrue(cluster.stdout().get(0).startsWith("Kafka broker listening on " + brokers), cluster.stdout().get(0));
            try (RiderProcess admin = RiderProcess.start("admin", "--brokers", brokers)) {
                assertEquals(0, admin.awaitExit(EXIT), admin.stderr());
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
                TopicDescription topic = admin.describeTopics(List.of("rider-updates")).allTopicNames().get().get("rider-updates");
                assertEquals(2, topic.partitions().size());
                topic.partitions().forEach(p -> assertEquals(3, p.replicas().size(), p.toString()));
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "rider-updates");
                assertEquals("2", admin.describeConfigs(List.of(resource)).all().get().get(resource)
                        .get("min.insync.replicas").value());
            }
            assertEquals(143, cluster.terminate(EXIT), cluster.stderr());
        }
    }

    @Test
    void noBrokerThereIsAClearErrorAndANonZeroExit() throws Exception {
        String nobody = "localhost:" + freePort();
        try (RiderProcess admin = RiderProcess.start("admin", "--brokers", nobody, "-D", "rider.admin-timeout-seconds=3")) {
            assertNotEquals(0, admin.awaitExit(EXIT));
            assertTrue(admin.stderr().contains("rider: No Kafka broker answered at " + nobody + " within 3 s"), admin.stderr());
        }
    }

    /** Admin runs while Camel starts: its failure is still the one reported, and no route starts. */
    @ParameterizedTest
    @ValueSource(strings = {"produce", "consume", "run"})
    void aCommandWithNoBrokerFailsWithAdminsReason(String command) throws Exception {
        String nobody = "localhost:" + freePort();
        try (RiderProcess rider = RiderProcess.start(command, "--brokers", nobody, "-D", "rider.admin-timeout-seconds=3")) {
            rider.pipe("tony north\nasha south\n");
            assertNotEquals(0, rider.awaitExit(EXIT));
            String stderr = rider.stderr();
            assertTrue(stderr.contains("rider: No Kafka broker answered at " + nobody + " within 3 s"), stderr);
            assertFalse(stderr.contains("Exception"), stderr);
            assertFalse(stderr.contains("Started "), "a route started without its topics:\n" + stderr);
            assertFalse(stderr.contains("SLF4J"), stderr);
        }
    }

    /**
     * A consumer that subscribed to a topic not there yet would have the broker create it with the broker's
     * partition count (one), and admin then refuses the layout: the consumer starts only after admin laid it out.
     */
    @Test
    void consumeLaysOutANewTopicBeforeItsConsumerSubscribes() throws Exception {
        String topic = KafkaRecords.uniqueTopic("launcher-new");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             RiderProcess consumer = RiderProcess.start("consume", "--group", "gn", "--brokers", broker.bootstrapServers(),
                     "-D", "rider.topic=" + topic, "-D", "rider.dlq-topic=" + topic + ".dlq")) {
            consumer.awaitStderr("Adding newly assigned partitions: [" + topic + "-0, " + topic + "-1]", EXIT);
            String stderr = consumer.stderr();
            assertTrue(stderr.contains("Created topic '" + topic + "' with 2 partitions"), stderr);
            assertTrue(stderr.indexOf("Created topic '" + topic + "'") < stderr.indexOf("Started consume-gn"), stderr);
            KafkaRecords.sendAsTutorialProducer(broker.bootstrapServers(), topic, List.of(KafkaRecords.tutorialRecord(topic, "tony", "north")));
            assertEquals(List.of("gn: [" + topic + "]: PART:0: {\"name\":\"tony\",\"location\":\"north\"}"),
                    consumer.awaitStdoutLines(1, EXIT));
            assertEquals(143, consumer.terminate(EXIT), consumer.stderr());
        }
    }

    @Test
    void helpNamesEveryCommand() throws Exception {
        try (RiderProcess help = RiderProcess.start("--help")) {
            assertEquals(0, help.awaitExit(EXIT), help.stderr());
            String text = String.join("\n", help.stdout());
            for (String command : List.of("run", "broker", "admin", "produce", "consume")) {
                assertTrue(text.contains("  " + command + " "), "missing " + command + " in:\n" + text);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
