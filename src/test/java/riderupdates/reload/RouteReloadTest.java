package riderupdates.reload;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.apache.camel.model.ModelCamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.app.RiderApplication;
import riderupdates.reload.RouteReloader;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.support.KafkaRecords;
import riderupdates.support.RouteFiles;
import riderupdates.support.SharedKafkaBroker;
import riderupdates.support.TestApplications;

/** --watch: route files edited while the application runs, against a real broker. */
@ExtendWith(SharedKafkaBroker.class)
class RouteReloadTest {

    private static final Logger LOG = LoggerFactory.getLogger(RouteReloadTest.class);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path routes;

    @BeforeEach
    void copyTheRoutes() throws IOException {
        RouteFiles.copyTo(routes);
    }

    @Test
    void anEditedProducerRouteIsPickedUpAndNoLineIsLostAcrossTheReload() throws Exception {
        String topic = KafkaRecords.uniqueTopic("reload");
        AtomicInteger sent = new AtomicInteger();
        AtomicLong longestMillis = new AtomicLong();
        AtomicBoolean sending = new AtomicBoolean(true);
        try (RiderApplication app = start(topic, TestApplications.PRODUCER, List.of())) {
            // lines keep arriving, one at a time (each a batch of its own), while the file is edited
            Thread sender = new Thread(() -> {
                while (sending.get()) {
                    long started = System.nanoTime();
                    TestApplications.sendLines(app, "rider" + sent.getAndIncrement() + " north");
                    longestMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                }
            });
            sender.start();
            await().atMost(WAIT).until(() -> sent.get() > 100);
            edit("producer.camel.yaml", "constant: \"{{rider.key}}\"", "constant: edited-key");
            RouteReloader reloader = app.reloader().orElseThrow();
            await().atMost(WAIT).until(() -> reloader.reloads() == 1);
            int atReload = sent.get();
            await().atMost(WAIT).until(() -> sent.get() > atReload + 100);
            sending.set(false);
            sender.join();
        }

        List<ConsumerRecord<String, String>> records = KafkaRecords.readAll(SharedKafkaBroker.bootstrapServers(), topic, sent.get(), WAIT);
        LOG.info("FIGURES reload: {} lines sent while producer.camel.yaml was reloaded, {} records in Kafka, "
                + "{} distinct, longest wait for one line {} ms", sent.get(), records.size(),
                records.stream().map(ConsumerRecord::value).distinct().count(), longestMillis.get());
        assertEquals(sent.get(), records.size(), "every line sent is published once");
        assertEquals(sent.get(), records.stream().map(ConsumerRecord::value).distinct().count());
        // one partition, in order: the old key up to the reload, the new key after it, never back
        List<String> keys = records.stream().map(ConsumerRecord::key).toList();
        int firstEdited = keys.indexOf("edited-key");
        assertTrue(firstEdited > 100, "the edit applied after " + firstEdited + " records");
        assertTrue(keys.subList(0, firstEdited).stream().allMatch("location-update"::equals));
        assertTrue(keys.subList(firstEdited, keys.size()).stream().allMatch("edited-key"::equals));
    }

    @Test
    void aReloadWithBatchesInFlightLosesNoLineAndKeepsTheirOrder() throws Exception {
        String topic = KafkaRecords.uniqueTopic("reload-piped");
        Map<String, String> settings = TestApplications.topic(topic);
        settings.put("rider.batch-size", "20");
        AtomicInteger piped = new AtomicInteger();
        AtomicBoolean piping = new AtomicBoolean(true);
        try (RiderApplication app = TestApplications.start(SharedKafkaBroker.bootstrapServers(), routes, true, settings,
                TestApplications.PRODUCER, List.of())) {
            // a pipe that never waits for Kafka: batches of 20 lines, up to 4 of them unacknowledged at once
            Thread writer = new Thread(() -> {
                while (piping.get()) {
                    List<String> lines = IntStream.range(0, 50).mapToObj(i -> "r" + piped.getAndIncrement() + " north").toList();
                    TestApplications.pipeLines(app, lines);
                    sleep(5);
                }
            });
            writer.start();
            await().atMost(WAIT).until(() -> app.counts().of("stdin").published() > 2_000);
            edit("producer.camel.yaml", "constant: \"{{rider.key}}\"", "constant: edited-key");
            RouteReloader reloader = app.reloader().orElseThrow();
            await().atMost(WAIT).until(() -> reloader.reloads() == 1);
            long atReload = app.counts().of("stdin").published();
            await().atMost(WAIT).until(() -> app.counts().of("stdin").published() > atReload + 2_000);
            piping.set(false);
            writer.join();
            TestApplications.endStdin(app);
            assertTrue(app.stdin().awaitEnd(WAIT), app.counts().summary("stdin"));
        }

        List<ConsumerRecord<String, String>> records = KafkaRecords.readAll(SharedKafkaBroker.bootstrapServers(), topic, piped.get(), WAIT);
        List<String> keys = records.stream().map(ConsumerRecord::key).toList();
        LOG.info("FIGURES reload with batches in flight: {} lines piped, {} records in Kafka, first with the edited key at {}",
                piped.get(), records.size(), keys.indexOf("edited-key"));
        // one partition: every line once, in the order piped, the edit applied from one record on and never undone
        assertEquals(IntStream.range(0, piped.get()).mapToObj(i -> "{\"name\":\"r" + i + "\",\"location\":\"north\"}").toList(),
                records.stream().map(ConsumerRecord::value).toList());
        int firstEdited = keys.indexOf("edited-key");
        assertTrue(firstEdited > 2_000, "the edit applied after " + firstEdited + " records");
        assertTrue(keys.subList(0, firstEdited).stream().allMatch("location-update"::equals));
        assertTrue(keys.subList(firstEdited, keys.size()).stream().allMatch("edited-key"::equals));
    }

    @Test
    void aBrokenEditIsReportedWithItsFileAndTheOldRoutesKeepWorking() throws Exception {
        String topic = KafkaRecords.uniqueTopic("reload-broken");
        try (RiderApplication app = start(topic, TestApplications.PRODUCER, List.of())) {
            RouteReloader reloader = app.reloader().orElseThrow();

            edit("producer.camel.yaml", "      steps:\n        - setProperty:", "      steps:\n        - setProperty: [unclosed");
            await().atMost(WAIT).until(() -> reloader.failures() == 1);
            assertTrue(reloader.lastError().startsWith("Reloading producer.camel.yaml failed"), reloader.lastError());
            // the parser's own marks: where it gave up, and where the unclosed sequence began
            assertTrue(reloader.lastError().contains("(while parsing a flow sequence from line "
                    + lineOf("producer.camel.yaml", "[unclosed") + ")"), reloader.lastError());
            TestApplications.sendLines(app, "tony north");

            edit("producer.camel.yaml", "- setProperty: [unclosed", "- setProperty:");
            edit("producer.camel.yaml", "uri: \"kafka:{{rider.topic}}\"", "uri: \"kafak:{{rider.topic}}\"");
            await().atMost(WAIT).until(() -> reloader.failures() == 2);
            assertTrue(reloader.lastError().contains("producer.camel.yaml:" + lineOf("producer.camel.yaml", "kafak:")
                    + ": No endpoint could be found for: kafak"), reloader.lastError());
            TestApplications.sendLines(app, "asha south");
            assertEquals("stdin: read 2, published 2, rejected 0", app.counts().summary("stdin"));
        }
        assertEquals(List.of("{\"name\":\"asha\",\"location\":\"south\"}", "{\"name\":\"tony\",\"location\":\"north\"}"),
                KafkaRecords.readAll(SharedKafkaBroker.bootstrapServers(), topic, 2, WAIT).stream().map(ConsumerRecord::value).sorted().toList());
    }

    @Test
    void anEditedConsumerTemplateRemakesEachGroupsRouteWhichResumesWhereItStopped() throws Exception {
        String topic = KafkaRecords.uniqueTopic("reload-consumer");
        Set<Role> roles = EnumSet.of(Role.STDIN, Role.PUBLISH, Role.CONSUMER);
        // a second group, added in YAML: remade from the edited template too
        RouteFiles.addGroup(routes, "audit");
        try (RiderApplication app = start(topic, roles, List.of("g"))) {
            TestApplications.sendLines(app, "tony north", "asha south", "ravi north");
            TestApplications.awaitPrinted(app, "g", 3, WAIT);

            edit("consumer.camel.yaml", "constant: \"{{groupId}}: [", "constant: \"EDITED {{groupId}}: [");
            RouteReloader reloader = app.reloader().orElseThrow();
            await().atMost(WAIT).until(() -> reloader.reloads() == 1);

            TestApplications.sendLines(app, "lee west", "mo north");
            await().atMost(WAIT).until(() -> printedStartingWith(app, "EDITED g: [" + topic + "]: PART:") == 2);
            await().atMost(WAIT).until(() -> printedStartingWith(app, "EDITED audit: [" + topic + "]: PART:") == 2);
            sleep(2000);
            // the remade route resumed from its group's offsets: the first three records are not printed again
            assertEquals(5, TestApplications.printed(app).stream().filter(line -> line.startsWith("g: ")
                    || line.startsWith("EDITED g: ")).count(), "records were printed again after the reload: " + TestApplications.printed(app));

            // a broken edit keeps the template too, not only the group routes already made from it
            edit("consumer.camel.yaml", "constant: \"EDITED {{groupId}}: [", "constant: [\"BROKEN {{groupId}}: [");
            await().atMost(WAIT).until(() -> reloader.failures() == 1);
            assertNotNull(((ModelCamelContext) app.camelContext()).getRouteTemplateDefinition("rider-updates-consumer"),
                    reloader.lastError());
            TestApplications.sendLines(app, "kai south");
            await().atMost(WAIT).until(() -> printedStartingWith(app, "EDITED g: [" + topic + "]: PART:") == 3);
        }
    }

    @Test
    void theStdinReaderIsNeverTornDownByAnEdit() throws Exception {
        String topic = KafkaRecords.uniqueTopic("reload-stdin");
        try (RiderApplication app = start(topic, TestApplications.PRODUCER, List.of())) {
            Object reader = app.camelContext().getRoute("stdin-to-kafka").getConsumer();
            edit("stdin.camel.yaml", "constant: stdin", "constant: keyboard");
            Thread.sleep(1500); // longer than the watcher needs to see and act on an edit (the other tests show)
            TestApplications.sendLines(app, "tony north");
            // the same reader, never stopped, and the edit not applied: the line still counts as "stdin"
            assertTrue(reader == app.camelContext().getRoute("stdin-to-kafka").getConsumer(), "the stdin reader was replaced");
            assertEquals("stdin: read 1, published 1, rejected 0", app.counts().summary("stdin"));
        }
    }

    private static long printedStartingWith(RiderApplication app, String prefix) {
        return TestApplications.printed(app).stream().filter(line -> line.startsWith(prefix)).count();
    }

    private RiderApplication start(String topic, Set<Role> roles, List<String> groups) {
        return TestApplications.start(SharedKafkaBroker.bootstrapServers(), routes, true, TestApplications.topic(topic), roles, groups);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The 1-based number of the file's first line containing the text. */
    private int lineOf(String file, String text) throws IOException {
        List<String> lines = Files.readAllLines(routes.resolve(file), StandardCharsets.UTF_8);
        return lines.indexOf(lines.stream().filter(line -> line.contains(text)).findFirst().orElseThrow()) + 1;
    }

    /** Edits a route file in place, as an editor saving it would. */
    private void edit(String file, String from, String to) throws IOException {
        Path path = routes.resolve(file);
        String content = Files.readString(path, StandardCharsets.UTF_8);
        assertTrue(content.contains(from), file + " has no '" + from + "'");
        Files.writeString(path, content.replace(from, to), StandardCharsets.UTF_8);
    }
}
