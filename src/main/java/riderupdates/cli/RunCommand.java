package riderupdates.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import riderupdates.admin.TopicAdmin;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.broker.EmbeddedKafkaBroker;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Everything in one process: broker, admin, stdin producer, consumers.",
            "An embedded Kafka broker starts unless --brokers, -D rider.brokers, KAFKA_BROKERS or RIDER_BROKERS names "
                + "a cluster. Then admin, the stdin producer and one consumer per group run. Typed at a terminal it prompts "
                + "\"> \"; it ends when the input ends (Ctrl-D) and every group has printed every record. With --inbox DIR "
                + "it also reads files dropped into DIR, and runs until Ctrl-C."})
public final class RunCommand extends ProducingCommand {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--group", paramLabel = "GROUP",
            description = "A consumer group; repeat for more (default: rider.groups = g1).")
    List<String> groups;

    @Option(names = "--store",
            description = "Also keep the latest position of every rider in PostgreSQL (the store route; embedded unless "
                    + "--db-url names a server). The input's end then waits for the store too; --web brings it along.")
    boolean store;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS",
            description = "After the input ends, how long to wait for every group to print every record "
                    + "(default: rider.drain-timeout-seconds = 60).")
    Integer drainTimeoutSeconds;

    @Override
    void addOverrides(Map<String, String> settings) {
        storeOptions.addOverrides(settings);
    }

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedKafkaBroker broker = brokersGiven() ? null : EmbeddedKafkaBroker.start();
        try {
            return runOn(broker != null ? broker.bootstrapServers() : configuredBrokers());
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private int runOn(String bootstrap) throws InterruptedException {
        Path inbox = inbox();
        Set<Role> roles = producingRoles(inbox);
        roles.add(Role.CONSUMER);
        // the live page shows the store's table: --web brings the store along
        boolean web = Boolean.parseBoolean(settings().get("rider.web"));
        if (store || web) {
            roles.add(Role.STORE);
        }
        if (web) {
            roles.add(Role.WEB);
        }
        List<String> chosen = groups != null ? groups : settings().getList("rider.groups");
        Duration drainTimeout = Duration.ofSeconds(drainTimeoutSeconds != null
                ? drainTimeoutSeconds : settings().getInt("rider.drain-timeout-seconds"));
        String prompt = interactivePrompt();
        try (RiderApplication app = startApplication(bootstrap, roles, chosen, prompt)) {
            if (inbox != null) {
                return awaitStop(app);
            }
            if (!awaitEndOfStdin(app, prompt)) {
                return 1;
            }
            // Every line is published and acknowledged now: wait for the groups to print up to the end
            Map<Integer, Long> ends;
            try (TopicAdmin admin = topicAdmin(bootstrap)) {
                ends = admin.endOffsets(settings().topic());
                for (String group : app.progress().groups()) {
                    app.progress().seed(group, admin.committedOffsets(group, settings().topic()));
                }
            }
            // a stop ends the wait too: Ctrl-C, or the application stopping itself (stdout closed)
            List<String> behind = app.progress().awaitReached(ends, drainTimeout, () -> signal().raised() || !app.isRunning());
            if (signal().raised() || !app.isRunning()) {
                return 1;
            }
            if (!behind.isEmpty()) {
                System.err.println("rider: the input ended, but after " + drainTimeout.toSeconds()
                        + " s these groups had not printed every record (next offset per partition, of " + ends + "): "
                        + String.join("; ", behind));
                return 1;
            }
            LOG.info("Input ended; groups {} printed every record of '{}' (end offsets {})", app.progress().groups(), settings().topic(), ends);
            if (roles.contains(Role.WEB)) {
                // the page is what the user came for: it stays until they stop it
                LOG.info("The live page stays on http://{}:{}/ until Ctrl-C", settings().get("rider.web.host"), settings().get("rider.web.port"));
                return awaitStop(app);
            }
        }
        return 0;
    }
}
