package riderupdates.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.admin.TopicAdmin;
import riderupdates.broker.EmbeddedKafkaBroker;
import riderupdates.support.KafkaRecords;
import riderupdates.support.TestDatabase;

/** bin/rider store as a user runs it: the README's terminals, a real PostgreSQL server, a SIGKILL and a restart. */
class StoreCommandIT {

    private static final Logger LOG = LoggerFactory.getLogger(StoreCommandIT.class);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern EMBEDDED_URL = Pattern.compile("Embedded PostgreSQL started in \\d+ ms on port (\\d+): (jdbc:postgresql://\\S+)");
    private static final Map<String, String> README_RESULT = Map.of("asha", "south", "tony", "south");

    @Test
    void theReadmesTerminalsStoreTheLatestPositionsInTheEmbeddedPostgres(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             RiderProcess store = RiderProcess.start("store", "--brokers", broker.bootstrapServers(), "--db-data",
                     dir.resolve("rider-db").toString())) {
            store.awaitStderr("Embedded PostgreSQL started", WAIT);
            Matcher logged = EMBEDDED_URL.matcher(store.stderr());
            assertTrue(logged.find(), store.stderr());
            produceTheReadmesLines(broker.bootstrapServers());
            // what `psql -h localhost -p PORT -U postgres` shows
            String url = "jdbc:postgresql://localhost:" + logged.group(1) + "/postgres?user=postgres";
            await().atMost(WAIT).until(() -> README_RESULT.equals(positions(url, null)));
            assertEquals(143, store.terminate(WAIT), store.stderr());
        }
    }

    @Test
    void theStoreWritesToARealPostgresServerNamedByUrl() throws Exception {
        String url = System.getenv("RIDER_TEST_PG_URL");
        String password = System.getenv("RIDER_TEST_PG_PASSWORD");
        assumeTrue(url != null && !url.isBlank(), "RIDER_TEST_PG_URL is not set: .ci/run starts Debian's PostgreSQL "
                + "(pg_ctlcluster) and sets it to a database of the test's own");
        assumeTrue(reachable(url, password), "the PostgreSQL server at " + url + " does not answer");
        try (Connection c = DriverManager.getConnection(url, credentials(password))) {
            c.createStatement().execute("drop table if exists rider_positions; drop table if exists flyway_schema_history");
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             RiderProcess store = RiderProcess.start(Map.of("RIDER_DB_PASSWORD", password == null ? "" : password),
                     "store", "--brokers", broker.bootstrapServers(), "--db-url", url)) {
            produceTheReadmesLines(broker.bootstrapServers());
            await().atMost(WAIT).until(() -> README_RESULT.equals(positions(url, password)));
            assertEquals(143, store.terminate(WAIT), store.stderr());
            assertTrue(!store.stderr().contains("Embedded PostgreSQL"), "an embedded PostgreSQL started beside the server");
        }
    }

    @Test
    void aStoreKilledWithSigkillAndRestartedEndsWithEveryRidersNewestUpdate(@TempDir Path dir) throws Exception {
        int total = 50_000;
        int riders = 1_000;
        String topic = KafkaRecords.uniqueTopic("store-kill");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(); TestDatabase db = new TestDatabase(dir.resolve("db"))) {
            String bootstrap = broker.bootstrapServers();
            String[] store = {"store", "--brokers", bootstrap, "--db-url", db.jdbcUrl(), "-D", "rider.topic=" + topic,
                "-D", "rider.store.max-poll-records=500"};
            Map<String, String> expected = new TreeMap<>();
            long start = System.currentTimeMillis() - 3_600_000;
            List<ProducerRecord<String, String>> updates = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                String rider = "rider" + (i % riders);
                String region = List.of("north", "south", "east").get((i / riders) % 3);
                ProducerRecord<String, String> record = KafkaRecords.tutorialRecord(topic, rider, region);
                updates.add(new ProducerRecord<>(topic, record.partition(), start + i, record.key(), record.value()));
                expected.put(rider, region);
            }
            long killedAt;
            int storedBeforeKill;
            try (RiderProcess first = RiderProcess.start(store)) {
                // the topic is laid out (admin runs as Camel starts) before anything writes to it
                first.awaitStderr("Created topic '" + topic + "'", WAIT);
                KafkaRecords.sendAsTutorialProducer(bootstrap, topic, updates.subList(0, total / 2));
                await().atMost(WAIT).until(() -> positions(db.jdbcUrl(), null).size() == riders);
                first.kill();
                killedAt = System.nanoTime();
                storedBeforeKill = positions(db.jdbcUrl(), null).size();
            }
            KafkaRecords.sendAsTutorialProducer(bootstrap, topic, updates.subList(total / 2, total));
            try (RiderProcess second = RiderProcess.start(store); TopicAdmin admin = new TopicAdmin(bootstrap, Duration.ofSeconds(10))) {
                await().atMost(WAIT).until(() -> expected.equals(positions(db.jdbcUrl(), null)));
                long caughtUpMillis = (System.nanoTime() - killedAt) / 1_000_000;
                await().atMost(WAIT).until(() -> admin.committedOffsets("store", topic).equals(admin.endOffsets(topic)));
                assertEquals(143, second.terminate(WAIT), second.stderr());
                LOG.info("FIGURES store SIGKILL: {} updates of {} riders, {} rows before the kill; after the restart the table "
                        + "held every rider's newest update {} ms after the kill (JVM start and session timeout included)",
                        total, riders, storedBeforeKill, caughtUpMillis);
            }
        }
    }

    private static void produceTheReadmesLines(String bootstrap) throws Exception {
        try (RiderProcess produce = RiderProcess.start("produce", "--brokers", bootstrap)) {
            produce.pipe("tony north\nasha south\ntony south\n");
            assertEquals(0, produce.awaitExit(WAIT), produce.stderr());
        }
    }

    private static Map<String, String> positions(String url, String password) {
        try {
            return TestDatabase.positions(url, credentials(password));
        } catch (IllegalStateException e) {
            return Map.of(); // not there yet: the store creates the table at its start
        }
    }

    private static boolean reachable(String url, String password) {
        try (Connection ignored = DriverManager.getConnection(url, credentials(password))) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static Properties credentials(String password) {
        Properties props = new Properties();
        if (password != null) {
            props.setProperty("password", password);
        }
        return props;
    }
}
