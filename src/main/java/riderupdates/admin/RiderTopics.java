package riderupdates.admin;

import java.time.Duration;
import java.util.Map;

import riderupdates.config.KafkaSecurity;
import riderupdates.config.RiderSettings;
import riderupdates.producer.RegionPartitioner;

/** The topics rider-updates needs, as its settings describe them. */
public final class RiderTopics {

    private RiderTopics() {
    }

    /**
     * The topic exists with the configured partitions and enough for the region map (grown to fit when
     * rider.grow-partitions is true), and the dead-letter topics exist, the producer's and the store's (one
     * partition each: rejections stay in the order they happened).
     *
     * @return whether the main topic was created or already there
     */
    public static TopicAdmin.Outcome ensure(RiderSettings settings, String bootstrapServers) {
        Duration timeout = Duration.ofSeconds(settings.getInt("rider.admin-timeout-seconds"));
        try (TopicAdmin admin = new TopicAdmin(bootstrapServers, timeout, KafkaSecurity.clientProperties(settings))) {
            short replication = replicationFactor(settings.get("rider.replication-factor"), admin);
            // with three copies, acks=all waits for two: one broker may fail without losing a record or stopping writes
            Map<String, String> configs = replication >= 3 ? Map.of("min.insync.replicas", "2") : Map.of();
            TopicAdmin.Outcome outcome = admin.ensureTopic(settings.topic(), settings.getInt("rider.partitions"), replication,
                    RegionPartitioner.fromSettings(settings).requiredPartitions(),
                    Boolean.parseBoolean(settings.get("rider.grow-partitions")), configs);
            admin.ensureTopic(settings.get("rider.dlq-topic"), 1, replication, 1, false, configs);
            // the store's dead letters: records of the topic it could not read
            admin.ensureTopic(settings.get("rider.store.dlq-topic"), 1, replication, 1, false, configs);
            return outcome;
        }
    }

    /** A number as configured, or for "auto" three where the cluster has three brokers or more, else what it has. */
    static short replicationFactor(String setting, TopicAdmin admin) {
        if (!"auto".equalsIgnoreCase(setting)) {
            try {
                return Short.parseShort(setting);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("Setting 'rider.replication-factor' must be a number or auto, not '" + setting + "'", e);
            }
        }
        return (short) Math.min(3, admin.brokerCount());
    }
}
