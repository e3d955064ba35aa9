package riderupdates.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import riderupdates.app.RiderApplication;
import riderupdates.input.StdinLines;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.support.Corpus;
import riderupdates.support.DeadLetters;
import riderupdates.support.KafkaRecords;
import riderupdates.support.SharedKafkaBroker;
import riderupdates.support.TestApplications;

/** The YAML producer routes on camel-main against a real broker; what they publish is read back with a plain KafkaConsumer. */
@ExtendWith(SharedKafkaBroker.class)
class ProducerRouteTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void recordsLandOnTheRegionsPartitionWithTheTutorialKeyAndJson() {
        String topic = KafkaRecords.uniqueTopic("producer");
        try (RiderApplication app = TestApplications.start(TestApplications.topic(topic), TestApplications.PRODUCER, List.of())) {
            TestApplications.sendLines(app, "tony south", "tony north", "asha NORTH", "  ravi   east  ");
        }

        List<ConsumerRecord<String, String>> records = KafkaRecords.readAll(SharedKafkaBroker.bootstrapServers(), topic, 4, WAIT);
        assertEquals(List.of(
                        "0 location-update {\"name\":\"tony\",\"location\":\"north\"}",
                        "0 location-update {\"name\":\"asha\",\"location\":\"NORTH\"}",
                        "1 location-update {\"name\":\"tony\",\"location\":\"south\"}",
                        "1 location-update {\"name\":\"ravi\",\"location\":\"east\"}"),
                records.stream().sorted(java.util.Comparator.comparingInt(ConsumerRecord::partition))
                        .map(r -> r.partition() + " " + r.key() + " " + r.value()).toList());
        // byte for byte what kafkajs' JSON.stringify sends: no record headers either
        records.forEach(r -> assertFalse(r.headers().iterator().hasNext(), "unexpected record headers " + r.headers()));
    }

    @Test
    void blankLinesAreSkippedAndAOneWordLineIsRejectedWhileTheNextLinesGoOn() {
        String topic = KafkaRecords.uniqueTopic("producer-bad");
        try (RiderApplication app = TestApplications.start(TestApplications.topic(topic), TestApplications.PRODUCER, List.of())) {
            TestApplications.sendLines(app, "", "   ", "tony", "asha north", "\t", "ravi south");
        }

        List<ConsumerRecord<String, String>> records = KafkaRecords.readAll(SharedKafkaBroker.bootstrapServers(), topic, 2, WAIT);
        assertEquals(Set.of("{\"name\":\"asha\",\"location\":\"north\"}", "{\"name\":\"ravi\",\"location\":\"south\"}"),
                Set.copyOf(records.stream().map(ConsumerRecord::value).toList()));
        assertEquals(2, records.size());
    }

    @Test
    void aBinaryStreamOnStdinIsRejectedLineByLineAndNothingIsLost() throws InterruptedException {
        String topic = KafkaRecords.uniqueTopic("producer-binary");
        IngestCounts.Counts counts;
        try (RiderApplication app = TestApplications.start(TestApplications.topic(topic), TestApplications.PRODUCER, List.of())) {
            TestApplications.pipeBytes(app, Corpus.binary());
            TestApplications.endStdin(app);
            assertTrue(app.stdin().awaitEnd(WAIT), "the end of stdin was not signalled");
            counts = app.counts().of(StdinLines.SOURCE);
        }
        assertTrue(counts.read() > 100, counts.read() + " lines read");
        assertEquals(0, counts.published());
        assertEquals(counts.read(), counts.rejected());
        DeadLetters.assertAllRejected(SharedKafkaBroker.bootstrapServers(), topic + ".dlq", "stdin", counts.rejected());
        assertTrue(KafkaRecords.readAll(SharedKafkaBroker.bootstrapServers(), topic, 1, Duration.ofSeconds(2)).isEmpty());
    }

    @Test
    void theRegionMapIsConfiguration() {
        String topic = KafkaRecords.uniqueTopic("producer-map");
        Map<String, String> overrides = TestApplications.topic(topic);
        overrides.put("rider.partitions", "3");
        overrides.put("rider.regions.east", "2");
        overrides.put("rider.regions.north", "1");
        overrides.put("rider.default-partition", "0");
        try (RiderApplication app = TestApplications.start(overrides, TestApplications.PRODUCER, List.of())) {
            TestApplications.sendLines(app, "tony east", "asha north", "ravi south");
        }

        List<ConsumerRecord<String, String>> records = KafkaRecords.readAll(SharedKafkaBroker.bootstrapServers(), topic, 3, WAIT);
        assertEquals(Map.of("tony", 2, "asha", 1, "ravi", 0), records.stream().collect(java.util.stream.Collectors.toMap(
                r -> r.value().replaceAll(".*\"name\":\"([^\"]+)\".*", "$1"), ConsumerRecord::partition)));
    }

    @Test
    void batchesPublishedSeveralAtOnceKeepTheOrderOfEachPartitionAndTheEndWaitsForTheLast() throws InterruptedException {
        String topic = KafkaRecords.uniqueTopic("producer-order");
        Map<String, String> overrides = TestApplications.topic(topic);
        overrides.put("rider.batch-size", "50"); // 100 batches, up to rider.batches-in-flight at once
        int total = 5000;
        List<String> lines = IntStream.range(0, total)
                .mapToObj(i -> i % 100 == 99 ? "r" + i : "r" + i + (i % 3 == 0 ? " north" : " south")).toList();
        int rejected = total / 100;
        IngestCounts.Counts counts;
        try (RiderApplication app = TestApplications.start(overrides, TestApplications.PRODUCER, List.of())) {
            TestApplications.pipeLines(app, lines);
            TestApplications.endStdin(app);
            assertTrue(app.stdin().awaitEnd(WAIT), "the end of stdin was not signalled");
            // signalled only once every batch was acknowledged or set aside
            counts = app.counts().of(StdinLines.SOURCE);
            assertEquals(total, counts.read());
            assertEquals(total - rejected, counts.published());
            assertEquals(rejected, counts.rejected());
        }

        List<ConsumerRecord<String, String>> records = KafkaRecords.readAll(SharedKafkaBroker.bootstrapServers(), topic,
                total - rejected, WAIT);
        assertEquals(total - rejected, records.size());
        for (int partition : new int[] {0, 1}) {
            List<Integer> riders = new ArrayList<>();
            records.stream().filter(r -> r.partition() == partition)
                    .forEach(r -> riders.add(Integer.parseInt(r.value().replaceAll(".*\"name\":\"r(\\d+)\".*", "$1"))));
            List<Integer> expected = IntStream.range(0, total)
                    .filter(i -> i % 100 != 99 && (i % 3 == 0) == (partition == 0)).boxed().toList();
            assertEquals(expected, riders, "partition " + partition + " out of order or incomplete");
        }
    }
}
