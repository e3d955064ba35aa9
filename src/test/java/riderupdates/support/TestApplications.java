package riderupdates.support;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import riderupdates.admin.RiderTopics;
import riderupdates.input.InputPipe;
import riderupdates.consumer.RecordPrinter;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.input.StdinLines;
import riderupdates.config.RiderSettings;
import riderupdates.producer.IngestCounts;

/**
 * Runs the real application (camel-main, the YAML routes of routes/, the same beans) against the shared
 * broker. Only the ends a test cannot use are swapped: stdin is a pipe the test writes to
 * ({@link #sendLines}), and each group's printed line is also copied to {@value #PRINTED}, one exchange a line.
 */
public final class TestApplications {

    public static final String PRINTED = "mock:printed";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(90);
    private static final Map<RiderApplication, InputPipe> STDIN = Collections.synchronizedMap(new WeakHashMap<>());

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
        InputPipe stdin = new InputPipe();
        RiderApplication app = RiderApplication.start(new RiderApplication.Options(settings, bootstrap, RoutesLocation.ofDirectory(routes),
                roles, groups, stdin, null, watch, List.of(copyPrinted())));
        STDIN.put(app, stdin);
        return app;
    }

    /**
     * Writes the lines to the application's stdin, together as a pipe would; returns once each was published
     * (acknowledged by Kafka), set aside, skipped as blank or failed.
     */
    public static void sendLines(RiderApplication app, String... lines) {
        IngestCounts.Counts counts = app.counts().of(StdinLines.SOURCE);
        long target = counts.done() + lines.length;
        STDIN.get(app).write(String.join("\n", lines) + "\n");
        await().atMost(SEND_TIMEOUT).pollInterval(Duration.ofMillis(2)).until(() -> counts.done() >= target);
    }

    /** Every line the application's consumer groups printed so far, in the order printed. */
    public static List<String> printed(RiderApplication app) {
        return app.camelContext().getEndpoint(PRINTED, MockEndpoint.class).getReceivedExchanges().stream()
                .map(exchange -> exchange.getMessage().getBody(String.class)).toList();
    }

    /** Waits until the group has printed {@code count} lines (or more), and returns those it printed. */
    public static List<String> awaitPrinted(RiderApplication app, String group, int count, Duration timeout) {
        await().atMost(timeout).until(() -> printed(app).stream().filter(line -> line.startsWith(group + ": ")).count() >= count);
        return printed(app).stream().filter(line -> line.startsWith(group + ": ")).toList();
    }

    /** Writes the lines to the application's stdin, as a pipe would, and returns at once. */
    public static void pipeLines(RiderApplication app, List<String> lines) {
        STDIN.get(app).write(String.join("\n", lines) + "\n");
    }

    /** Writes the bytes to the application's stdin, as a pipe would, and returns at once. */
    public static void pipeBytes(RiderApplication app, byte[] bytes) {
        STDIN.get(app).write(bytes);
    }

    /** Ends the application's stdin, as closing a pipe does. */
    public static void endStdin(RiderApplication app) {
        STDIN.get(app).end();
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

    /**
     * Copies every line a consumer route printed to {@value #PRINTED}, whichever route printed it: a group named at
     * start, a YAML templatedRoute, a route remade after an edit.
     */
    private static MainListener copyPrinted() {
        return new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport main) {
                CamelContext context = main.getCamelContext();
                context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                    private ProducerTemplate template;

                    @Override
                    public void notify(CamelEvent event) {
                        Exchange exchange = ((CamelEvent.ExchangeCompletedEvent) event).getExchange();
                        List<?> lines = exchange.getProperty(RecordPrinter.PRINTED_PROPERTY, List.class);
                        if (lines != null) {
                            synchronized (this) {
                                if (template == null) {
                                    template = context.createProducerTemplate();
                                }
                                lines.forEach(line -> template.sendBody(PRINTED, line));
                            }
                        }
                    }

                    @Override
                    public boolean isEnabled(CamelEvent event) {
                        return event instanceof CamelEvent.ExchangeCompletedEvent;
                    }
                });
            }
        };
    }
}
