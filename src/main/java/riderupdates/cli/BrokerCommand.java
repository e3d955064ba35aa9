package riderupdates.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import riderupdates.app.ClassArchiveMark;
import riderupdates.broker.EmbeddedKafkaBroker;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Runs just the embedded Kafka broker (KRaft), until Ctrl-C.",
            "For the other commands, in other terminals: one node, or a cluster of --nodes N on one machine (admin then "
                + "keeps 3 copies of each record)."})
public final class BrokerCommand implements Callable<Integer> {

    @ParentCommand
    private RiderCommand parent;

    @Option(names = "--port", paramLabel = "PORT", description = "Client port on localhost (default: ${DEFAULT-VALUE}).", defaultValue = "9092")
    int port;

    @Option(names = "--nodes", paramLabel = "N",
            description = "How many KRaft nodes (broker + controller each), on ports PORT, PORT+1, ... (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    int nodes;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Keep the broker's data in DIR, across restarts (default: a temporary folder, deleted at exit).")
    Path dataDir;

    @Option(names = "--scram-user", paramLabel = "NAME=PASSWORD",
            description = "Take SASL/SCRAM-SHA-512 credentials only, of these users (one node, temporary data, free port).")
    Map<String, String> scramUsers = new LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        try (EmbeddedKafkaBroker broker = scramUsers.isEmpty()
                ? EmbeddedKafkaBroker.start(nodes, port, dataDir) : EmbeddedKafkaBroker.startSecured(scramUsers)) {
            ClassArchiveMark.workStarted();
            System.out.println("Kafka broker listening on " + broker.bootstrapServers() + ", data in " + broker.dataDir()
                    + ". Ctrl-C stops it.");
            System.out.flush();
            while (!parent.signal().await(Duration.ofDays(1))) {
                // wait for Ctrl-C or SIGTERM
            }
        }
        return 0;
    }
}
