package riderupdates.cli;

import java.util.List;
import java.util.Set;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation.Role;

@Command(name = "consume", mixinStandardHelpOptions = true,
        description = {"Prints every record, one consumer route per group, until Ctrl-C.",
            "Each record is a line \"GROUP: [rider-updates]: PART:N: VALUE\", from the beginning of the topic "
                + "(routes/consumer.camel.yaml). Ctrl-C or SIGTERM stops it gracefully."})
public final class ConsumeCommand extends RoutesCommand {

    @Option(names = "--group", paramLabel = "GROUP",
            description = "A consumer group; repeat for more (default: rider.groups = g1).")
    List<String> groups;

    @Override
    public Integer call() throws InterruptedException {
        String bootstrap = configuredBrokers();
        List<String> chosen = groups != null ? groups : settings().getList("rider.groups");
        try (RiderApplication app = startApplication(bootstrap, Set.of(Role.CONSUMER), chosen, null)) {
            return untilStopped(app) ? 0 : 1;
        }
    }
}
