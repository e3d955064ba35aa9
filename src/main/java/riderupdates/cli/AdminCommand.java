package riderupdates.cli;

import java.util.Locale;

import picocli.CommandLine.Command;
import riderupdates.admin.TopicAdmin;
import riderupdates.producer.RegionPartitioner;

@Command(name = "admin", mixinStandardHelpOptions = true,
        description = {"Creates the topic (rider.topic, default rider-updates) with rider.partitions partitions,",
            "or checks that the existing one has enough for the region map, and the dead-letter topic",
            "(rider.dlq-topic, default rider-updates.dlq). Safe to run again."})
public final class AdminCommand extends KafkaCommand {

    @Override
    public Integer call() {
        String bootstrap = configuredBrokers();
        TopicAdmin.Outcome outcome = ensureTopics(bootstrap);
        System.out.println("Topic '" + settings().topic() + "' on " + bootstrap + ": "
                + outcome.name().toLowerCase(Locale.ROOT) + ", region map " + RegionPartitioner.fromSettings(settings())
                + "; dead letters on '" + settings().get("rider.dlq-topic") + "'");
        return 0;
    }
}
