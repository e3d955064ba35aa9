package riderupdates.cli;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation.Role;

@Command(name = "consume", mixinStandardHelpOptions = true,
        description = {"Prints every record as \"GROUP: [rider-updates]: PART:N: VALUE\", from the beginning,",
            "one consumer route per group (routes/consumer.camel.yaml), until Ctrl-C or SIGTERM."})
public final class ConsumeCommand extends KafkaCommand {

    @Option(names = "--group", paramLabel = "GROUP",
            description = "A consumer group; repeat for more (default: rider.groups = g1).")
    List<String> groups;

    @Override
    public Integer call() throws InterruptedException {
        String bootstrap = configuredBrokers();
        ensureTopics(bootstrap);
        List<String> chosen = groups != null ? groups : settings().getList("rider.groups");
        try (RiderApplication app = startApplication(bootstrap, Set.of(Role.CONSUMER), chosen, null)) {
            while (!signal().await(Duration.ofMillis(500))) {
                if (!app.isRunning()) {
                    return 1;
                }
            }
        }
        return 0;
    }
}
