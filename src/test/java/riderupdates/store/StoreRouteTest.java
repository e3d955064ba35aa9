package riderupdates.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import riderupdates.admin.TopicAdmin;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.reload.RouteReloader;
import riderupdates.support.KafkaRecords;
import riderupdates.support.RouteFiles;
import riderupdates.support.SharedKafkaBroker;
import riderupdates.support.TestApplications;

/** The YAML store route on camel-main, against a real broker and the embedded PostgreSQL. */
@ExtendWith(SharedKafkaBroker.class)
class StoreRouteTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void keepsTheNewestPositionOfEveryRiderWhateverOrderThePartitionsDeliverIn() throws Exception {
        String topic = KafkaRecords.uniqueTopic("store");
        Map<String, String> settings = TestApplications.topic(topic);
        settings.put("rider.store.dlq-topic", topic + ".store-dlq");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        List<List<RiderPosition>> told = Collections.synchronizedList(new ArrayList<>());
        try (RiderApplication app = TestApplications.start(settings, Set.of(Role.STORE), List.of())) {
            app.positions().addListener(told::add);
            DataSource db = app.camelContext().getRegistry().lookupByNameAndType("riderDb", DataSource.class);
            long now = System.currentTimeMillis();
            KafkaRecords.sendAsTutorialProducer(bootstrap, topic, List.of(
                    // tony twice in one poll, and his newest update on the other partition, written first
                    at(KafkaRecords.tutorialRecord(topic, "tony", "south"), now),
                    at(KafkaRecords.tutorialRecord(topic, "tony", "north"), now - 5_000),
                    at(KafkaRecords.tutorialRecord(topic, "tony", "north"), now - 4_000),
                    at(KafkaRecords.tutorialRecord(topic, "asha", "north"), now - 1_000),
                    // what the store cannot read: set aside, and the poll goes on
                    new ProducerRecord<>(topic, 1, "location-update", "tony west"),
                    new ProducerRecord<>(topic, 1, "location-update", "{\"name\":\"lee\"}")));
            await().atMost(WAIT).until(() -> positions(db).size() == 2);
            assertEquals(Map.of("asha", "north", "tony", "south"), positions(db));

            // an update older than the stored one never overwrites it, even after a restart of the group
            KafkaRecords.sendAsTutorialProducer(bootstrap, topic, List.of(
                    at(KafkaRecords.tutorialRecord(topic, "tony", "west"), now - 10_000),
                    at(KafkaRecords.tutorialRecord(topic, "asha", "east"), now + 1_000)));
            await().atMost(WAIT).until(() -> "east".equals(positions(db).get("asha")));
            assertEquals(Map.of("asha", "east", "tony", "south"), positions(db));
            assertStoredFrom(db, "tony", 1, 0);

            // every record read is committed: the group is at the end of both partitions
            try (TopicAdmin admin = new TopicAdmin(bootstrap, Duration.ofSeconds(10))) {
                await().atMost(WAIT).until(() -> admin.committedOffsets("store", topic).equals(admin.endOffsets(topic)));
            }
            // told after each commit, the changed rows only: tony south and asha north, then asha east
            List<String> changes = told.stream().flatMap(List::stream).map(p -> p.name() + " " + p.location()).sorted().toList();
            assertEquals(List.of("asha east", "asha north", "tony south"), changes);
        }

        List<ConsumerRecord<String, String>> deadLetters = KafkaRecords.readAll(bootstrap, topic + ".store-dlq", 2, WAIT);
        assertEquals(List.of("tony west", "{\"name\":\"lee\"}"), deadLetters.stream().map(ConsumerRecord::value).toList());
        assertEquals("1", header(deadLetters.get(0), "partition"));
        assertEquals("1", header(deadLetters.get(0), "offset"));
        assertTrue(header(deadLetters.get(0), "reason").startsWith("not JSON"), header(deadLetters.get(0), "reason"));
        assertEquals("no \"location\" text", header(deadLetters.get(1), "reason"));
    }

    @Test
    void anEditedStoreTemplateRemakesTheStoreRouteWhichGoesOnFromItsCommits(@TempDir Path routes) throws Exception {
        String topic = KafkaRecords.uniqueTopic("store-reload");
        Map<String, String> settings = TestApplications.topic(topic);
        settings.put("rider.store.dlq-topic", topic + ".store-dlq");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        RouteFiles.copyTo(routes);
        try (RiderApplication app = TestApplications.start(bootstrap, routes, true, settings, Set.of(Role.STORE), List.of());
             TopicAdmin admin = new TopicAdmin(bootstrap, Duration.ofSeconds(10))) {
            DataSource db = app.camelContext().getRegistry().lookupByNameAndType("riderDb", DataSource.class);
            KafkaRecords.sendAsTutorialProducer(bootstrap, topic, List.of(KafkaRecords.tutorialRecord(topic, "tony", "north")));
            await().atMost(WAIT).until(() -> positions(db).equals(Map.of("tony", "north")));

            // an edit that stores nothing more: the remade route uses it, and still commits what it reads
            Path template = routes.resolve("store.camel.yaml");
            String upsertFilter = "simple: \"${size(${header.riderNames})} > 0\"";
            String original = Files.readString(template);
            assertTrue(original.contains(upsertFilter));
            Files.writeString(template, original.replace(upsertFilter, "simple: \"${size(${header.riderNames})} < 0\""));
            RouteReloader reloader = app.reloader().orElseThrow();
            await().atMost(WAIT).until(() -> reloader.reloads() == 1);

            KafkaRecords.sendAsTutorialProducer(bootstrap, topic, List.of(KafkaRecords.tutorialRecord(topic, "asha", "south")));
            await().atMost(WAIT).until(() -> admin.committedOffsets("store", topic).equals(admin.endOffsets(topic)));
            assertEquals(Map.of("tony", "north"), positions(db), "the edited store route is not in use");
        }
    }

    private static ProducerRecord<String, String> at(ProducerRecord<String, String> record, long timestamp) {
        return new ProducerRecord<>(record.topic(), record.partition(), timestamp, record.key(), record.value());
    }

    static Map<String, String> positions(DataSource db) throws Exception {
        Map<String, String> positions = new TreeMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select name, location from rider_positions")) {
            while (rows.next()) {
                positions.put(rows.getString(1), rows.getString(2));
            }
        }
        return positions;
    }

    private static void assertStoredFrom(DataSource db, String rider, int partition, long offset) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select kafka_partition, kafka_offset from rider_positions where name = '" + rider + "'")) {
            assertTrue(rows.next());
            assertEquals(partition, rows.getInt(1));
            assertEquals(offset, rows.getLong(2));
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
