package riderupdates.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import riderupdates.admin.RiderTopics;
import riderupdates.admin.TopicAdmin;
import riderupdates.app.ShutdownSignal;
import riderupdates.config.KafkaSecurity;
import riderupdates.config.RiderSettings;

/** What the commands that talk to Kafka share: where the brokers are, the settings, the topic check. */
abstract class KafkaCommand implements Callable<Integer> {

    @ParentCommand
    private RiderCommand parent;

    @Option(names = "--brokers", paramLabel = "HOST:PORT,...",
            description = "Kafka bootstrap servers of an existing cluster; else -D rider.brokers, then $KAFKA_BROKERS, then "
                    + "$RIDER_BROKERS. With none of them 'run' starts an embedded broker, and the other commands use "
                    + "rider.brokers of application.properties (localhost:9092).")
    String brokers;

    @Option(names = "--grow",
            description = "Add partitions to an existing topic that has too few for the region map (rider.grow-partitions).")
    boolean grow;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE",
            description = "Override a setting of application.properties or the environment, e.g. -D rider.partitions=3.")
    Map<String, String> overrides = new HashMap<>();

    private RiderSettings settings;

    ShutdownSignal signal() {
        return parent == null ? ShutdownSignal.none() : parent.signal();
    }

    RiderSettings settings() {
        if (settings == null) {
            // a switch on the command line turns its setting on, as -D KEY=true would
            Map<String, Boolean> switches = new HashMap<>();
            addSwitches(switches);
            switches.forEach((key, on) -> {
                if (on) {
                    overrides.put(key, "true");
                }
            });
            addOverrides(overrides);
            settings = RiderSettings.load(overrides);
        }
        return settings;
    }

    /** Puts this command's switches, as the settings they turn on; a command with more adds its own to these. */
    void addSwitches(Map<String, Boolean> switches) {
        switches.put("rider.grow-partitions", grow);
    }

    /** Puts the settings this command's options name, as -D would; a command with such options adds them. */
    void addOverrides(Map<String, String> settings) {
    }

    /** True when the user named the brokers (flag or KAFKA_BROKERS). */
    boolean brokersGiven() {
        return namedBrokers() != null;
    }

    /** The brokers the user named: flag, then -D, then the environment (KAFKA_BROKERS, RIDER_BROKERS); else null. */
    private String namedBrokers() {
        for (String candidate : new String[] {brokers, overrides.get("rider.brokers"), System.getenv("KAFKA_BROKERS"),
                System.getenv("RIDER_BROKERS")}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.trim();
            }
        }
        return null;
    }

    /** The brokers named by the user, else the configured default (rider.brokers, localhost:9092). */
    String configuredBrokers() {
        String named = namedBrokers();
        return named != null ? named : settings().brokers();
    }

    /** Admin: see {@link RiderTopics#ensure}. */
    TopicAdmin.Outcome ensureTopics(String bootstrapServers) {
        return RiderTopics.ensure(settings(), bootstrapServers);
    }

    /** Sets a setting as -D would; later reads see it. */
    void override(String key, String value) {
        overrides.put(key, value);
        settings = null;
    }

    TopicAdmin topicAdmin(String bootstrapServers) {
        return new TopicAdmin(bootstrapServers, Duration.ofSeconds(settings().getInt("rider.admin-timeout-seconds")),
                KafkaSecurity.clientProperties(settings()));
    }

    /** "> " when a person types at a terminal, as the tutorial's producer prompts; nothing when piped. */
    static String interactivePrompt() {
        return System.console() != null ? "> " : null;
    }
}
