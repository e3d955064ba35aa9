package riderupdates.cli;

import picocli.CommandLine.Command;
import riderupdates.admin.TopicAdmin;

@Command(name = "admin", mixinStandardHelpOptions = true,
        description = {"Creates the topic (rider.topic, default rider-updates) with rider.partitions partitions,",
            "or checks that the existing one has enough for the region map. Safe to run again."})
public final class AdminCommand extends KafkaCommand {

    @Override
    public Integer call() {
        String bootstrap = configuredBrokers();
        TopicAdmin.Outcome outcome = ensureTopic(bootstrap);
        System.out.println("Topic '" + settings().topic() + "' on " + bootstrap + ": "
                + (outcome == TopicAdmin.Outcome.CREATED ? "created" : "exists") + ", region map " + regionPartitioner());
        return 0;
    }
}
