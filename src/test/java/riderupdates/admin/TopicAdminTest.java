package riderupdates.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import riderupdates.support.KafkaRecords;
import riderupdates.support.SharedKafkaBroker;

@ExtendWith(SharedKafkaBroker.class)
class TopicAdminTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void createsTheTopicOnceAndLeavesItAloneAfterwards() {
        String topic = KafkaRecords.uniqueTopic("admin");
        try (TopicAdmin admin = new TopicAdmin(SharedKafkaBroker.bootstrapServers(), TIMEOUT)) {
            assertEquals(TopicAdmin.Outcome.CREATED, admin.ensureTopic(topic, 2, (short) 1, 2));
            assertEquals(2, admin.partitionCount(topic));
            assertEquals(TopicAdmin.Outcome.EXISTS, admin.ensureTopic(topic, 2, (short) 1, 2));
            // a later run asking for more partitions does not silently change an existing topic
            assertEquals(TopicAdmin.Outcome.EXISTS, admin.ensureTopic(topic, 4, (short) 1, 2));
            assertEquals(2, admin.partitionCount(topic));
            assertEquals(Map.of(0, 0L, 1, 0L), admin.endOffsets(topic));
        }
    }

    @Test
    void refusesATopicWithFewerPartitionsThanTheRegionMapNeeds() {
        String topic = KafkaRecords.uniqueTopic("admin-small");
        try (TopicAdmin admin = new TopicAdmin(SharedKafkaBroker.bootstrapServers(), TIMEOUT)) {
            admin.ensureTopic(topic, 1, (short) 1, 1);
            TopicLayoutException error = assertThrows(TopicLayoutException.class, () -> admin.ensureTopic(topic, 2, (short) 1, 2));
            assertTrue(error.getMessage().contains("exists with 1 partition(s)"), error.getMessage());
            assertTrue(error.getMessage().contains("needs at least 2"), error.getMessage());
        }
    }

    @Test
    void growsATopicForTheRegionMapWhenAskedTo() {
        String topic = KafkaRecords.uniqueTopic("admin-grow");
        try (TopicAdmin admin = new TopicAdmin(SharedKafkaBroker.bootstrapServers(), TIMEOUT)) {
            admin.ensureTopic(topic, 2, (short) 1, 2);
            assertEquals(TopicAdmin.Outcome.GROWN, admin.ensureTopic(topic, 2, (short) 1, 3, true, Map.of()));
            assertEquals(3, admin.partitionCount(topic));
            assertEquals(TopicAdmin.Outcome.EXISTS, admin.ensureTopic(topic, 2, (short) 1, 3, true, Map.of()));
            // once grown, the topic fits the map: later runs need no --grow, whatever rider.partitions says
            assertEquals(TopicAdmin.Outcome.EXISTS, admin.ensureTopic(topic, 2, (short) 1, 3, false, Map.of()));
        }
    }

    @Test
    void refusesToCreateFewerPartitionsThanTheRegionMapNeeds() {
        String topic = KafkaRecords.uniqueTopic("admin-config");
        try (TopicAdmin admin = new TopicAdmin(SharedKafkaBroker.bootstrapServers(), TIMEOUT)) {
            TopicLayoutException error = assertThrows(TopicLayoutException.class, () -> admin.ensureTopic(topic, 2, (short) 1, 3));
            assertTrue(error.getMessage().contains("rider.partitions=2 is too few"), error.getMessage());
        }
    }

    @Test
    void endOffsetsCountWhatWasWritten() {
        String topic = KafkaRecords.uniqueTopic("admin-ends");
        try (TopicAdmin admin = new TopicAdmin(SharedKafkaBroker.bootstrapServers(), TIMEOUT)) {
            admin.ensureTopic(topic, 2, (short) 1, 2);
            KafkaRecords.sendAsTutorialProducer(SharedKafkaBroker.bootstrapServers(), topic, List.of(
                    KafkaRecords.tutorialRecord(topic, "tony", "north"),
                    KafkaRecords.tutorialRecord(topic, "asha", "north"),
                    KafkaRecords.tutorialRecord(topic, "ravi", "south")));
            assertEquals(Map.of(0, 2L, 1, 1L), admin.endOffsets(topic));
        }
    }
}
