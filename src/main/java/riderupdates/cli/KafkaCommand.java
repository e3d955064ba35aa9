package riderupdates.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.apache.camel.main.MainListener;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import riderupdates.RiderUpdates;
import riderupdates.admin.TopicAdmin;
import riderupdates.app.EndOfInput;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.app.ShutdownSignal;
import riderupdates.config.RiderSettings;
import riderupdates.producer.RegionPartitioner;

/** What the commands that talk to Kafka share: where the brokers are, the settings, the topic check. */
abstract class KafkaCommand implements Callable<Integer> {

    @ParentCommand
    private RiderUpdates parent;

    @Option(names = "--brokers", paramLabel = "HOST:PORT,...",
            description = "Kafka bootstrap servers of an existing cluster (default: $KAFKA_BROKERS, else ${DEFAULT-VALUE}).",
            defaultValue = "${env:KAFKA_BROKERS}")
    String brokers;

    @Option(names = "--routes", paramLabel = "DIR",
            description = "Folder of the *.camel.yaml routes (default: routes/ next to bin/rider, else the jar's copies).")
    Path routesDir;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE",
            description = "Override a setting of application.properties, e.g. -D rider.partitions=3.")
    Map<String, String> overrides = new HashMap<>();

    private RiderSettings settings;

    ShutdownSignal signal() {
        return parent == null ? ShutdownSignal.none() : parent.signal();
    }

    RiderSettings settings() {
        if (settings == null) {
            settings = RiderSettings.load(overrides);
        }
        return settings;
    }

    /** True when the user named the brokers (flag or KAFKA_BROKERS). */
    boolean brokersGiven() {
        return brokers != null && !brokers.isBlank();
    }

    /** The brokers named by the user, else the configured ones (rider.brokers, default localhost:9092). */
    String configuredBrokers() {
        return brokersGiven() ? brokers.trim() : settings().brokers();
    }

    RegionPartitioner regionPartitioner() {
        return new RegionPartitioner(settings().regions(), settings().getInt("rider.default-partition"));
    }

    /** Admin: the topic exists with the configured partitions and enough for the region map. */
    TopicAdmin.Outcome ensureTopic(String bootstrapServers) {
        RiderSettings s = settings();
        try (TopicAdmin admin = topicAdmin(bootstrapServers)) {
            return admin.ensureTopic(s.topic(), s.getInt("rider.partitions"),
                    (short) s.getInt("rider.replication-factor"), regionPartitioner().requiredPartitions());
        }
    }

    TopicAdmin topicAdmin(String bootstrapServers) {
        return new TopicAdmin(bootstrapServers, Duration.ofSeconds(settings().getInt("rider.admin-timeout-seconds")));
    }

    RiderApplication startApplication(String bootstrapServers, Set<Role> roles, List<String> groups,
                                      String prompt, List<MainListener> listeners) {
        RoutesLocation routes = RoutesLocation.resolve(routesDir);
        return RiderApplication.start(new RiderApplication.Options(
                settings(), bootstrapServers, routes, roles, groups, prompt, listeners));
    }

    /**
     * Waits until stdin has ended and every line was processed; false when stopped first (Ctrl-C, SIGTERM)
     * or when the application stopped by itself.
     */
    boolean awaitEndOfInput(EndOfInput input, RiderApplication app, String prompt) throws InterruptedException {
        while (!input.awaitEnd(Duration.ofMillis(200))) {
            if (signal().raised() || !app.isRunning()) {
                return false;
            }
        }
        if (prompt != null) {
            System.out.println(); // Ctrl-D leaves the cursor after the prompt
        }
        return true;
    }

    /** "> " when a person types at a terminal, as the tutorial's producer prompts; nothing when piped. */
    static String interactivePrompt() {
        // RAW(...): an endpoint option keeps its trailing space only that way
        return System.console() != null ? "RAW(> )" : null;
    }
}
