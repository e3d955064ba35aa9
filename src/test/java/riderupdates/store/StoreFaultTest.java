package riderupdates.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.admin.TopicAdmin;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.broker.EmbeddedKafkaBroker;
import riderupdates.support.KafkaRecords;
import riderupdates.support.LogCapture;
import riderupdates.support.SharedKafkaBroker;
import riderupdates.support.TestApplications;
import riderupdates.support.TestDatabase;

/** The store when its database or Kafka goes away and comes back: nothing committed that was not stored, nothing lost. */
@ExtendWith(SharedKafkaBroker.class)
class StoreFaultTest {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFaultTest.class);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aDatabaseOutageCommitsNothingUnstoredIsSaidOnceAndIsCaughtUpAfter(@TempDir Path data) throws Exception {
        String topic = KafkaRecords.uniqueTopic("store-outage");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        try (TestDatabase db = new TestDatabase(data);
             LogCapture outage = new LogCapture(DatabaseOutage.class.getName());
             RiderApplication app = TestApplications.start(settings(topic, db), Set.of(Role.STORE), List.of());
             TopicAdmin admin = new TopicAdmin(bootstrap, Duration.ofSeconds(10))) {
            KafkaRecords.sendAsTutorialProducer(bootstrap, topic, riders(topic, 0, 1000));
            await().atMost(WAIT).until(() -> db.positions().size() == 1000);
            await().atMost(WAIT).until(() -> admin.committedOffsets("store", topic).equals(admin.endOffsets(topic)));

            db.stop();
            long stoppedAt = System.nanoTime();
            KafkaRecords.sendAsTutorialProducer(bootstrap, topic, riders(topic, 1000, 2000));
            Map<Integer, Long> before = admin.committedOffsets("store", topic);
            await().atMost(WAIT).until(() -> outage.messages().stream().anyMatch(m -> m.contains("cannot write to the database")));
            Thread.sleep(3000); // retries go on meanwhile, with back-off
            assertEquals(before, admin.committedOffsets("store", topic), "offsets were committed while the database was down");
            assertEquals(1, outage.messages().size(), "the outage is said once: " + outage.messages());

            db.start();
            long restartedAt = System.nanoTime();
            await().atMost(WAIT).until(() -> db.positions().size() == 2000);
            long caughtUpMillis = (System.nanoTime() - restartedAt) / 1_000_000;
            await().atMost(WAIT).until(() -> admin.committedOffsets("store", topic).equals(admin.endOffsets(topic)));
            assertEquals(expected(0, 2000), db.positions());
            assertTrue(outage.messages().get(outage.messages().size() - 1).contains("writes to the database again"), outage.messages().toString());
            LOG.info("FIGURES store database outage: 1000 records stored, database down {} ms while 1000 more arrived, "
                            + "offsets unchanged while down, all 2000 riders stored {} ms after the restart; log: {}",
                    (restartedAt - stoppedAt) / 1_000_000, caughtUpMillis, outage.messages());
        }
    }

    @Test
    void aKafkaRestartLosesNothingAndTheTableEndsAtEveryRidersNewestUpdate(@TempDir Path data, @TempDir Path kafkaData) throws Exception {
        String topic = KafkaRecords.uniqueTopic("store-kafka-restart");
        try (TestDatabase db = new TestDatabase(data)) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, kafkaData);
            String bootstrap = broker.bootstrapServers();
            int node = broker.nodeIds().get(0);
            try (RiderApplication app = TestApplications.start(bootstrap, settings(topic, db), Set.of(Role.STORE), List.of())) {
                KafkaRecords.sendAsTutorialProducer(bootstrap, topic, moves(topic, 0, 2000));
                await().atMost(WAIT).until(() -> db.positions().size() == 100);
                broker.stopNode(node);
                broker.startNode(node);
                KafkaRecords.sendAsTutorialProducer(bootstrap, topic, moves(topic, 2000, 4000));
                await().atMost(WAIT).until(() -> expectedMoves(4000).equals(db.positions()));
                try (TopicAdmin admin = new TopicAdmin(bootstrap, Duration.ofSeconds(10))) {
                    await().atMost(WAIT).until(() -> admin.committedOffsets("store", topic).equals(admin.endOffsets(topic)));
                }
            } finally {
                broker.close();
            }
        }
    }

    @Test
    void twoStoresInOneGroupShareThePartitionsAndKeepTheTableRight(@TempDir Path data) throws Exception {
        String topic = KafkaRecords.uniqueTopic("store-two");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        try (TestDatabase db = new TestDatabase(data);
             RiderApplication first = TestApplications.start(settings(topic, db), Set.of(Role.STORE), List.of());
             RiderApplication second = TestApplications.start(settings(topic, db), Set.of(Role.STORE), List.of())) {
            KafkaRecords.sendAsTutorialProducer(bootstrap, topic, moves(topic, 0, 4000));
            await().atMost(WAIT).until(() -> expectedMoves(4000).equals(db.positions()));
            try (TopicAdmin admin = new TopicAdmin(bootstrap, Duration.ofSeconds(10))) {
                await().atMost(WAIT).until(() -> admin.committedOffsets("store", topic).equals(admin.endOffsets(topic)));
            }
        }
    }

    private static Map<String, String> settings(String topic, TestDatabase db) {
        Map<String, String> settings = TestApplications.topic(topic);
        settings.put("rider.store.dlq-topic", topic + ".store-dlq");
        settings.put("rider.db.url", db.jdbcUrl());
        settings.put("rider.db.connect-timeout-ms", "1000");
        return settings;
    }

    /** Riders from..to-1, one record each, alternately north (partition 0) and south (1). */
    private static List<ProducerRecord<String, String>> riders(String topic, int from, int to) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(KafkaRecords.tutorialRecord(topic, "rider" + i, i % 2 == 0 ? "north" : "south"));
        }
        return records;
    }

    private static Map<String, String> expected(int from, int to) {
        Map<String, String> expected = new HashMap<>();
        for (int i = from; i < to; i++) {
            expected.put("rider" + i, i % 2 == 0 ? "north" : "south");
        }
        return expected;
    }

    /**
     * 100 riders moving: update i is rider i % 100 going to region (i / 100) % 3 (north is partition 0, the others 1),
     * a millisecond after update i - 1, so the partitions deliver a rider's updates in any order.
     */
    private static List<ProducerRecord<String, String>> moves(String topic, int from, int to) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        long start = System.currentTimeMillis() - 3_600_000;
        for (int i = from; i < to; i++) {
            ProducerRecord<String, String> record = KafkaRecords.tutorialRecord(topic, "rider" + (i % 100), region(i));
            records.add(new ProducerRecord<>(topic, record.partition(), start + i, record.key(), record.value()));
        }
        return records;
    }

    /** Each rider's last update of the first {@code count}. */
    private static Map<String, String> expectedMoves(int count) {
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < count; i++) {
            expected.put("rider" + (i % 100), region(i));
        }
        return expected;
    }

    private static String region(int i) {
        return List.of("north", "south", "west").get((i / 100) % 3);
    }
}
