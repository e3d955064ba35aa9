package riderupdates.admin;

import java.time.Duration;

import riderupdates.config.RiderSettings;
import riderupdates.producer.RegionPartitioner;

/** The topics rider-updates needs, as its settings describe them. */
public final class RiderTopics {

    private RiderTopics() {
    }

    /**
     * The topic exists with the configured partitions and enough for the region map (grown to fit when
     * rider.grow-partitions is true), and the dead-letter
     * topic exists (one partition: rejections stay in the order they happened).
     *
     * @return whether the main topic was created or already there
     */
    public static TopicAdmin.Outcome ensure(RiderSettings settings, String bootstrapServers) {
        short replication = (short) settings.getInt("rider.replication-factor");
        Duration timeout = Duration.ofSeconds(settings.getInt("rider.admin-timeout-seconds"));
        try (TopicAdmin admin = new TopicAdmin(bootstrapServers, timeout)) {
            TopicAdmin.Outcome outcome = admin.ensureTopic(settings.topic(), settings.getInt("rider.partitions"), replication,
                    RegionPartitioner.fromSettings(settings).requiredPartitions(),
                    Boolean.parseBoolean(settings.get("rider.grow-partitions")));
            admin.ensureTopic(settings.get("rider.dlq-topic"), 1, replication, 1);
            return outcome;
        }
    }
}
