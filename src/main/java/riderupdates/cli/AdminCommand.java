package riderupdates.cli;

import java.util.Locale;

import picocli.CommandLine.Command;
import riderupdates.admin.TopicAdmin;
import riderupdates.app.ClassArchiveMark;
import riderupdates.producer.RegionPartitioner;

@Command(name = "admin", mixinStandardHelpOptions = true,
        description = {"Creates the topic and the dead-letter topic, or checks them.",
            "The topic (rider.topic, default rider-updates) gets rider.partitions partitions; an existing one must have "
                + "enough for the region map, or --grow adds the missing ones. The dead-letter topic is rider.dlq-topic "
                + "(default rider-updates.dlq). Safe to run again."})
public final class AdminCommand extends KafkaCommand {

    @Override
    public Integer call() {
        String bootstrap = configuredBrokers();
        TopicAdmin.Outcome outcome = ensureTopics(bootstrap);
        ClassArchiveMark.workStarted();
        System.out.println("Topic '" + settings().topic() + "' on " + bootstrap + ": "
                + outcome.name().toLowerCase(Locale.ROOT) + ", region map " + RegionPartitioner.fromSettings(settings())
                + "; dead letters on '" + settings().get("rider.dlq-topic") + "'");
        return 0;
    }
}
