package riderupdates.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import riderupdates.admin.TopicAdmin;
import riderupdates.input.InputPipe;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.config.RiderSettings;
import riderupdates.store.RiderDatabase;

/**
 * The store's rows of the bench: the store route storing N records of R riders into the embedded PostgreSQL, against
 * a plain loop doing the same job (KafkaConsumer, the same newest-per-rider dedup, the same upsert statement, a
 * commit per poll); and a typed line's time until its row is committed.
 */
final class StoreBench implements AutoCloseable {

    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final String[] REGIONS = {"north", "south", "east", "west"};

    private final String broker;
    private final RoutesLocation routes;
    private final RiderDatabase database;
    private final String upsert;

    StoreBench(String broker, RoutesLocation routes) throws IOException {
        this.broker = broker;
        this.routes = routes;
        this.database = RiderDatabase.open(RiderSettings.load(Map.of()));
        try (InputStream sql = StoreBench.class.getResourceAsStream("/sql/upsert-rider-positions.sql")) {
            // camel-sql's named parameters as JDBC's
            upsert = new String(sql.readAllBytes(), StandardCharsets.UTF_8).replaceAll(":#\\w+", "?");
        }
    }

    /** Writes {@code records} updates of {@code riders} riders to the topic: rider i % riders, each a millisecond later. */
    void write(String topic, long records, int riders, Map<String, Integer> regions, int defaultPartition) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        long start = System.currentTimeMillis() - records - 60_000;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (long i = 0; i < records; i++) {
                String region = REGIONS[(int) ((i / riders) % REGIONS.length)];
                producer.send(new ProducerRecord<>(topic, regions.getOrDefault(region, defaultPartition), start + i, "location-update",
                        "{\"name\":\"rider" + (i % riders) + "\",\"location\":\"" + region + "\"}"));
            }
            producer.flush();
        }
    }

    /** The store route (camel-main, routes/store.camel.yaml) stores the topic; seconds from its start to every offset reached. */
    double storeRoute(String topic, String group, Map<String, Long> expectedRows) throws Exception {
        truncate();
        Map<String, String> overrides = new HashMap<>();
        overrides.put("rider.topic", topic);
        overrides.put("rider.db.url", database.jdbcUrl());
        overrides.put("rider.store.group", group);
        RiderSettings settings = RiderSettings.load(overrides);
        Map<Integer, Long> ends = endOffsets(topic);
        long started;
        try (RiderApplication app = RiderApplication.start(new RiderApplication.Options(settings, broker, routes, Set.of(Role.STORE),
                List.of(), new InputPipe(), null, false, List.of()))) {
            // from the routes' start, as the plain loop from its subscribe: Camel's own start is not the store's work
            started = System.nanoTime();
            List<String> behind = app.progress().awaitReached(ends, WAIT, () -> !app.isRunning());
            if (!behind.isEmpty()) {
                throw new IllegalStateException("the store route did not store every record: " + behind);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        checkRows(expectedRows);
        return seconds;
    }

    /** The same job as a plain loop: KafkaConsumer, newest per rider, the upsert, commitAsync per poll. */
    double rawLoop(String topic, String group, int maxPollRecords, Map<String, Long> expectedRows) throws Exception {
        truncate();
        Map<Integer, Long> ends = endOffsets(topic);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        ObjectMapper json = new ObjectMapper();
        long started = System.nanoTime();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props); Connection db = database.dataSource().getConnection();
             PreparedStatement statement = db.prepareStatement(upsert)) {
            consumer.subscribe(List.of(topic));
            Map<Integer, Long> reached = new HashMap<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!ends.entrySet().stream().allMatch(e -> reached.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the plain loop did not store every record: at " + reached + " of " + ends);
                }
                ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(5));
                if (polled.isEmpty()) {
                    continue;
                }
                Map<String, ConsumerRecord<String, String>> newest = new TreeMap<>();
                Map<String, String> locations = new HashMap<>();
                Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
                for (ConsumerRecord<String, String> record : polled) {
                    JsonNode update = json.readTree(record.value());
                    String name = update.get("name").asText();
                    ConsumerRecord<String, String> stored = newest.get(name);
                    if (stored == null || record.timestamp() > stored.timestamp()
                            || (record.timestamp() == stored.timestamp() && record.partition() == stored.partition())) {
                        newest.put(name, record);
                        locations.put(name, update.get("location").asText());
                    }
                    commits.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                    reached.merge(record.partition(), record.offset() + 1, Math::max);
                }
                upsert(db, statement, newest, locations);
                consumer.commitAsync(commits, null);
            }
            consumer.commitSync();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        checkRows(expectedRows);
        return seconds;
    }

    private void upsert(Connection db, PreparedStatement statement, Map<String, ConsumerRecord<String, String>> newest,
                        Map<String, String> locations) throws SQLException {
        int n = newest.size();
        String[] names = new String[n];
        String[] regions = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        Long[] times = new Long[n];
        int i = 0;
        for (Map.Entry<String, ConsumerRecord<String, String>> entry : newest.entrySet()) {
            names[i] = entry.getKey();
            regions[i] = locations.get(entry.getKey());
            partitions[i] = entry.getValue().partition();
            offsets[i] = entry.getValue().offset();
            times[i] = entry.getValue().timestamp();
            i++;
        }
        Array[] arrays = {db.createArrayOf("text", names), db.createArrayOf("text", regions), db.createArrayOf("integer", partitions),
            db.createArrayOf("bigint", offsets), db.createArrayOf("bigint", times)};
        for (int a = 0; a < arrays.length; a++) {
            statement.setArray(a + 1, arrays[a]);
        }
        try (ResultSet changed = statement.executeQuery()) {
            while (changed.next()) {
                changed.getString(1); // read as the route reads them, for the listeners
            }
        }
    }

    /**
     * Typed lines, one at a time, into stdin of an application running the stdin producer and the store: the time from
     * writing a line to the commit that stored its row (the store's listener is told after the commit).
     */
    List<Double> latencies(String topic, int count) throws Exception {
        truncate();
        Map<String, String> overrides = new HashMap<>();
        overrides.put("rider.topic", topic);
        overrides.put("rider.db.url", database.jdbcUrl());
        overrides.put("rider.store.group", "latency-" + topic);
        InputPipe stdin = new InputPipe();
        Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
        List<Double> latencies = new ArrayList<>();
        try (RiderApplication app = RiderApplication.start(new RiderApplication.Options(RiderSettings.load(overrides), broker, routes,
                Set.of(Role.STDIN, Role.PUBLISH, Role.STORE), List.of(), stdin, null, false, List.of()))) {
            app.positions().addListener(changed -> changed.forEach(p -> {
                CountDownLatch latch = waiting.get(p.name());
                if (latch != null) {
                    latch.countDown();
                }
            }));
            for (int i = -50; i < count; i++) { // 50 lines of warm-up
                String rider = "typed" + i;
                CountDownLatch stored = new CountDownLatch(1);
                waiting.put(rider, stored);
                long written = System.nanoTime();
                stdin.write(rider + " north\n");
                if (!stored.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("line " + rider + " was never stored");
                }
                if (i >= 0) {
                    latencies.add((System.nanoTime() - written) / 1e6);
                }
                waiting.remove(rider);
            }
        }
        return latencies;
    }

    private Map<Integer, Long> endOffsets(String topic) {
        try (TopicAdmin admin = new TopicAdmin(broker, Duration.ofSeconds(30))) {
            return admin.endOffsets(topic);
        }
    }

    private void truncate() throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE rider_positions");
        }
    }

    /** The table holds one row per rider, each the rider's newest update (its offset). */
    private void checkRows(Map<String, Long> expected) throws SQLException {
        Map<String, Long> rows = new HashMap<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select name, kafka_offset from rider_positions")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getLong(2));
            }
        }
        if (!rows.equals(expected)) {
            throw new IllegalStateException("the table does not hold every rider's newest update: " + rows.size() + " rows of "
                    + expected.size() + " riders");
        }
    }

    /** Each rider's newest offset after {@link #write}: rider r's last update is the highest i with i % riders == r. */
    static Map<String, Long> newestOffsets(long records, int riders, Map<String, Integer> regions, int defaultPartition) {
        Map<Integer, Long> nextOffset = new HashMap<>();
        Map<String, Long> newest = new HashMap<>();
        for (long i = 0; i < records; i++) {
            String region = REGIONS[(int) ((i / riders) % REGIONS.length)];
            int partition = regions.getOrDefault(region, defaultPartition);
            long offset = nextOffset.merge(partition, 1L, Long::sum) - 1;
            newest.put("rider" + (i % riders), offset);
        }
        return newest;
    }

    @Override
    public void close() {
        database.close();
    }
}
