package riderupdates.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import riderupdates.admin.TopicAdmin;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.broker.EmbeddedKafkaBroker;
import riderupdates.producer.IngestCounts;
import riderupdates.support.Corpus;
import riderupdates.support.DeadLetters;
import riderupdates.support.KafkaRecords;
import riderupdates.support.SharedKafkaBroker;
import riderupdates.support.TestApplications;

/** Files dropped into the inbox, through the real YAML routes, against a real broker. */
@ExtendWith(SharedKafkaBroker.class)
class InboxTest {

    private static final Set<Role> INBOX = EnumSet.of(Role.INBOX, Role.PUBLISH);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path inbox;

    @Test
    void everyLineOfADroppedFileIsPublishedOrSetAsideAndTheCountsAddUp() throws Exception {
        String topic = KafkaRecords.uniqueTopic("inbox");
        try (RiderApplication app = startInbox(SharedKafkaBroker.bootstrapServers(), topic, Map.of())) {
            drop("corpus.txt", Corpus.asInput());
            awaitDone("corpus.txt");

            IngestCounts.Counts counts = app.counts().of("corpus.txt");
            assertEquals(Corpus.nonBlank(), counts.read());
            assertEquals(Corpus.publishedValues().size(), counts.published());
            assertEquals(Corpus.rejectedReasons().size(), counts.rejected());
            assertEquals(counts.read(), counts.published() + counts.rejected());
        }
        DeadLetters.assertCorpusOutcome(SharedKafkaBroker.bootstrapServers(), topic, topic + ".dlq", "corpus.txt");
    }

    @Test
    void aFileMovesToDoneOnlyAfterKafkaAcknowledgedItsRecords() throws Exception {
        String topic = KafkaRecords.uniqueTopic("inbox-acked");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            lines.append("rider").append(i).append(i % 2 == 0 ? " north\r\n" : " south\r\n");
        }
        try (RiderApplication app = startInbox(SharedKafkaBroker.bootstrapServers(), topic, Map.of());
             TopicAdmin admin = new TopicAdmin(SharedKafkaBroker.bootstrapServers(), Duration.ofSeconds(10))) {
            drop("many.txt", lines.toString().getBytes(StandardCharsets.UTF_8));
            awaitDone("many.txt");
            // at the moment the file is in .done, every record is already in the log
            assertEquals(Map.of(0, 250L, 1, 250L), admin.endOffsets(topic));
        }
    }

    @Test
    void aFileStillBeingWrittenIsNotReadHalf() throws Exception {
        String topic = KafkaRecords.uniqueTopic("inbox-slow");
        try (RiderApplication app = startInbox(SharedKafkaBroker.bootstrapServers(), topic, Map.of("rider.inbox.settle-ms", "3000"))) {
            Path file = inbox.resolve("slow.txt");
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write("tony north\nasha so".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(700); // a writer pausing mid-line, well inside the settle time
                assertTrue(Files.exists(file), "the file was taken while still being written");
                assertEquals(0, app.counts().of("slow.txt").read());
                out.write("uth\n".getBytes(StandardCharsets.UTF_8));
            }
            awaitDone("slow.txt");
            assertEquals("slow.txt: read 2, published 2, rejected 0", app.counts().summary("slow.txt"));
        }
        assertEquals(List.of("{\"name\":\"asha\",\"location\":\"south\"}", "{\"name\":\"tony\",\"location\":\"north\"}"),
                KafkaRecords.readAll(SharedKafkaBroker.bootstrapServers(), topic, 2, WAIT).stream().map(r -> r.value()).sorted().toList());
    }

    @Test
    void aBinaryFileIsRejectedLineByLineAndNothingIsLost() throws Exception {
        String topic = KafkaRecords.uniqueTopic("inbox-binary");
        try (RiderApplication app = startInbox(SharedKafkaBroker.bootstrapServers(), topic, Map.of())) {
            drop("photo.jpg", Corpus.binary());
            awaitDone("photo.jpg");
            IngestCounts.Counts counts = app.counts().of("photo.jpg");
            assertTrue(counts.read() > 100, app.counts().summary("photo.jpg"));
            assertEquals(0, counts.published());
            assertEquals(counts.read(), counts.rejected());
            assertEquals(0, counts.failed());
            DeadLetters.assertAllRejected(SharedKafkaBroker.bootstrapServers(), topic + ".dlq", "photo.jpg", counts.rejected());
        }
        assertTrue(KafkaRecords.readAll(SharedKafkaBroker.bootstrapServers(), topic, 1, Duration.ofSeconds(2)).isEmpty());
    }

    @Test
    void aFileThatCannotBePublishedMovesToError(@TempDir Path data) throws Throwable {
        dropWhileKafkaIsDown(data, Map.of(), true, "asha north\nravi south\nbad\n", app -> {
            IngestCounts.Counts counts = app.counts().of("after.txt");
            // the lines went in one batch and none was published or set aside: every line read counts as failed
            assertEquals(3, counts.failed(), app.counts().summary("after.txt"));
            assertEquals(3, counts.read());
            assertEquals(0, counts.rejected());
            assertEquals(0, counts.published());
        });
    }

    /**
     * Five batches, several in flight when the first fails. With a file published before Kafka went away, the sends
     * fail later, in Kafka's callbacks. With nothing published before, the producer never learnt the topic's
     * partitions, so each send itself fails (after max-block-ms) on the publishing route's sending thread, which must
     * still send the batches in flight after the split ended at the first failure.
     */
    @ParameterizedTest(name = "published before Kafka went away: {0}")
    @ValueSource(booleans = {true, false})
    void aFileInManyBatchesThatCannotBePublishedMovesToErrorOnlyOnceItsCountsAddUp(boolean publishFirst, @TempDir Path data)
            throws Throwable {
        dropWhileKafkaIsDown(data, Map.of("rider.batch-size", "1"), publishFirst, "a1 north\na2 south\na3 north\na4 south\na5 north\n", app -> {
            // the batches still in flight when the first failed have landed before the file moved, and no
            // batch goes out after it (they would fail, and count, 2 s later)
            IngestCounts.Counts counts = app.counts().of("after.txt");
            String summary = app.counts().summary("after.txt");
            assertTrue(counts.failed() >= 1, summary);
            assertEquals(0, counts.published(), summary);
            assertEquals(counts.read(), counts.failed() + counts.rejected(), summary);
            Thread.sleep(3000);
            assertEquals(summary, app.counts().summary("after.txt"));
        });
    }

    /**
     * Publishes a first file (when {@code publishFirst}), stops Kafka, drops {@code after.txt} with these lines and,
     * once it is in {@code .error/}, hands the application to the checks. Kafka's timeouts are short (2 s).
     */
    private void dropWhileKafkaIsDown(Path data, Map<String, String> settings, boolean publishFirst, String lines,
                                      ThrowingConsumer<RiderApplication> checks) throws Throwable {
        String topic = KafkaRecords.uniqueTopic("inbox-down");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, data);
        Map<String, String> shortTimeouts = new HashMap<>(settings);
        shortTimeouts.put("camel.component.kafka.max-block-ms", "2000");
        shortTimeouts.put("camel.component.kafka.request-timeout-ms", "1000");
        shortTimeouts.put("camel.component.kafka.delivery-timeout-ms", "2000");
        try (RiderApplication app = startInbox(broker.bootstrapServers(), topic, shortTimeouts)) {
            if (publishFirst) {
                drop("before.txt", "tony north\n".getBytes(StandardCharsets.UTF_8));
                awaitDone("before.txt");
            }
            broker.close(); // Kafka goes away

            drop("after.txt", lines.getBytes(StandardCharsets.UTF_8));
            await().atMost(WAIT).until(() -> Files.exists(inbox.resolve(".error/after.txt")));
            checks.accept(app);
        } finally {
            broker.close();
        }
    }

    @Test
    void filesDroppedTogetherArePublishedOneAfterTheOther() throws Exception {
        String topic = KafkaRecords.uniqueTopic("inbox-together");
        int perFile = 1000;
        try (RiderApplication app = startInbox(SharedKafkaBroker.bootstrapServers(), topic, Map.of("rider.batch-size", "50"))) {
            for (String file : List.of("a", "b", "c")) {
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < perFile; i++) {
                    lines.append(file).append(i).append(" north\n");
                }
                Path hidden = inbox.resolve("." + file + ".part");
                Files.write(hidden, lines.toString().getBytes(StandardCharsets.UTF_8));
            }
            for (String file : List.of("a", "b", "c")) {
                Files.move(inbox.resolve("." + file + ".part"), inbox.resolve(file + ".txt"));
            }
            List.of("a.txt", "b.txt", "c.txt").forEach(this::awaitDone);
        }
        // all on partition 0: each file's records in order, and one file after the other, never interleaved
        List<String> riders = KafkaRecords.readAll(SharedKafkaBroker.bootstrapServers(), topic, 3 * perFile, WAIT).stream()
                .map(r -> r.value().replaceAll(".*\"name\":\"([^\"]+)\".*", "$1")).toList();
        assertEquals(3 * perFile, riders.size());
        List<String> files = new ArrayList<>();
        riders.forEach(r -> {
            String file = r.substring(0, 1);
            if (files.isEmpty() || !files.get(files.size() - 1).equals(file)) {
                files.add(file);
            }
        });
        assertEquals(3, files.size(), "files interleaved on the partition: " + files);
        for (String file : files) {
            assertEquals(IntStream.range(0, perFile).mapToObj(i -> file + i).toList(),
                    riders.stream().filter(r -> r.startsWith(file)).toList());
        }
    }

    private RiderApplication startInbox(String bootstrap, String topic, Map<String, String> extra) {
        Map<String, String> overrides = TestApplications.topic(topic);
        overrides.put("rider.inbox", inbox.toString());
        overrides.put("rider.inbox.settle-ms", "300");
        overrides.putAll(extra);
        return TestApplications.start(bootstrap, overrides, INBOX, List.of());
    }

    /** Drops a file the atomic way: written under a hidden name, then renamed into the inbox. */
    private void drop(String name, byte[] content) throws IOException {
        Path hidden = inbox.resolve("." + name + ".part");
        Files.write(hidden, content);
        Files.move(hidden, inbox.resolve(name));
    }

    private void awaitDone(String name) {
        await().atMost(WAIT).until(() -> Files.exists(inbox.resolve(".done").resolve(name)));
    }
}
