package riderupdates.support;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import riderupdates.admin.RiderTopics;
import riderupdates.app.ConsumerGroupRoutes;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.config.RiderSettings;

/**
 * Runs the real application (camel-main, the YAML routes of routes/, the same beans) against the shared
 * broker. Only the ends a test cannot use are swapped: stdin becomes {@value #STDIN}, and each group's
 * printed line is also copied to {@value #PRINTED}.
 */
public final class TestApplications {

    public static final String STDIN = "direct:stdin";
    public static final String PRINTED = "mock:printed";
    /** One template per application: Camel stops it with the context. */
    private static final Map<CamelContext, ProducerTemplate> TEMPLATES = Collections.synchronizedMap(new WeakHashMap<>());

    private TestApplications() {
    }

    /** Creates the topic as the commands do, then starts the application with the given settings. */
    public static RiderApplication start(Map<String, String> overrides, Set<Role> roles, List<String> groups) {
        return start(SharedKafkaBroker.bootstrapServers(), overrides, roles, groups);
    }

    /** The same, on a broker of the test's own. */
    public static RiderApplication start(String bootstrap, Map<String, String> overrides, Set<Role> roles, List<String> groups) {
        return start(bootstrap, Path.of("routes"), false, overrides, roles, groups);
    }

    /** The same, with routes from a folder of the test's own, optionally watched for changes. */
    public static RiderApplication start(String bootstrap, Path routes, boolean watch, Map<String, String> overrides,
                                         Set<Role> roles, List<String> groups) {
        RiderSettings settings = RiderSettings.load(overrides);
        RiderTopics.ensure(settings, bootstrap);
        return RiderApplication.start(new RiderApplication.Options(settings, bootstrap, RoutesLocation.ofDirectory(routes),
                roles, groups, null, watch, List.of(swapEnds(roles, groups))));
    }

    /** Sends lines through the stdin route as stream:in would; returns once Kafka acknowledged each. */
    public static void sendLines(RiderApplication app, String... lines) {
        ProducerTemplate template = TEMPLATES.computeIfAbsent(app.camelContext(), CamelContext::createProducerTemplate);
        long index = 0;
        for (String line : lines) {
            template.sendBodyAndHeader(STDIN, line, "CamelStreamIndex", index++);
        }
    }

    /** Settings for a test of its own topic (and dead-letter topic). */
    public static Map<String, String> topic(String topic) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("rider.topic", topic);
        overrides.put("rider.dlq-topic", topic + ".dlq");
        return overrides;
    }

    /** The roles of 'produce' without an inbox. */
    public static final Set<Role> PRODUCER = Set.of(Role.STDIN, Role.PUBLISH);

    private static MainListener swapEnds(Set<Role> roles, List<String> groups) {
        return new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport main) {
                try {
                    if (roles.contains(Role.STDIN)) {
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
