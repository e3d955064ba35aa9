package riderupdates.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import riderupdates.admin.TopicAdmin;
import riderupdates.app.ConsumerGroupRoutes;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.config.RiderSettings;
import riderupdates.producer.RegionPartitioner;

/**
 * Runs the real application (camel-main, the YAML routes of routes/, the same beans) against the shared
 * broker. Only the ends a test cannot use are swapped: stdin becomes {@value #STDIN}, and each group's
 * printed line is also copied to {@value #PRINTED}.
 */
public final class TestApplications {

    public static final String STDIN = "direct:stdin";
    public static final String PRINTED = "mock:printed";

    private TestApplications() {
    }

    /** Creates the topic as the commands do, then starts the application with the given settings. */
    public static RiderApplication start(Map<String, String> overrides, Set<Role> roles, List<String> groups) {
        RiderSettings settings = RiderSettings.load(overrides);
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        try (TopicAdmin admin = new TopicAdmin(bootstrap, Duration.ofSeconds(30))) {
            RegionPartitioner partitioner = new RegionPartitioner(settings.regions(), settings.getInt("rider.default-partition"));
            admin.ensureTopic(settings.topic(), settings.getInt("rider.partitions"), (short) 1, partitioner.requiredPartitions());
        }
        return RiderApplication.start(new RiderApplication.Options(settings, bootstrap, RoutesLocation.ofDirectory(Path.of("routes")),
                roles, groups, null, List.of(swapEnds(roles, groups))));
    }

    /** Sends lines through the stdin route as stream:in would; returns once Kafka acknowledged each. */
    public static void sendLines(RiderApplication app, String... lines) {
        ProducerTemplate template = app.camelContext().createProducerTemplate();
        long index = 0;
        for (String line : lines) {
            template.sendBodyAndHeader(STDIN, line, "CamelStreamIndex", index++);
        }
    }

    public static Map<String, String> topic(String topic) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("rider.topic", topic);
        return overrides;
    }

    private static MainListener swapEnds(Set<Role> roles, List<String> groups) {
        return new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport main) {
                try {
                    if (roles.contains(Role.PRODUCER)) {
                        // stdin belongs to the test runner: feed the stdin route from a direct endpoint instead
                        AdviceWith.adviceWith(main.getCamelContext(), "stdin-to-kafka", route -> route.replaceFromWith(STDIN));
                    }
                    for (String group : groups) {
                        AdviceWith.adviceWith(main.getCamelContext(), ConsumerGroupRoutes.routeId(group),
                                route -> route.weaveByToUri("stream:out").after().to(PRINTED));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
