package riderupdates.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation.Role;
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
}
