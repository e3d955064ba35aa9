package riderupdates.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import riderupdates.RiderUpdates;
import riderupdates.broker.EmbeddedKafkaBroker;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Runs just the embedded Kafka broker (KRaft, one node) until Ctrl-C,",
            "for the other commands in other terminals."})
public final class BrokerCommand implements Callable<Integer> {

    @ParentCommand
    private RiderUpdates parent;

    @Option(names = "--port", description = "Client port on localhost (default: ${DEFAULT-VALUE}).", defaultValue = "9092")
    int port;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Keep the broker's data in DIR, across restarts (default: a temporary folder, deleted at exit).")
    Path dataDir;

    @Override
    public Integer call() throws InterruptedException {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, dataDir)) {
            System.out.println("Kafka broker listening on " + broker.bootstrapServers() + ", data in " + broker.dataDir()
                    + ". Ctrl-C stops it.");
            while (!parent.signal().await(Duration.ofDays(1))) {
                // wait for Ctrl-C or SIGTERM
            }
        }
        return 0;
    }
}
