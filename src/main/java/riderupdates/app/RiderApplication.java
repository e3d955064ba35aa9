package riderupdates.app;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.config.KafkaSecurity;
import riderupdates.config.RiderSettings;
import riderupdates.config.RootCause;
import riderupdates.consumer.ConsumerGroupRoutes;
import riderupdates.consumer.ConsumerProgress;
import riderupdates.consumer.PollCommit;
import riderupdates.consumer.RecordPrinter;
import riderupdates.consumer.StopOnFailedRecord;
import riderupdates.input.StdinLines;
import riderupdates.observe.ProgressLine;
import riderupdates.observe.RiderMetrics;
import riderupdates.producer.FileLines;
import riderupdates.producer.IngestCounts;
import riderupdates.producer.PublishGate;
import riderupdates.producer.RegionPartitioner;
import riderupdates.producer.RiderLineParser;
import riderupdates.producer.RiderRecords;
import riderupdates.reload.RouteReloader;
import riderupdates.store.DatabaseOutage;
import riderupdates.store.PositionBatch;
import riderupdates.store.RiderDatabase;
import riderupdates.store.StoreRoute;
import riderupdates.web.LiveView;

/**
 * The Camel application: camel-main with the YAML routes of the chosen roles, the beans they call, and one
 * consumer route per group. Runs camel-main on its own thread so the caller decides when it is done.
 */
public final class RiderApplication implements AutoCloseable {

    /**
     * What to run. {@code stdin} is the input of the stdin route; {@code prompt} is shown when it has no line
     * waiting (null for none); {@code watch} reloads changed route files while running.
     */
    public record Options(RiderSettings settings, String brokers, RoutesLocation routes, Set<Role> roles,
                          List<String> groups, InputStream stdin, String prompt, boolean watch, List<MainListener> listeners) {
        public Options {
            groups = roles.contains(Role.CONSUMER) ? List.copyOf(groups) : List.of();
            listeners = List.copyOf(listeners);
        }
    }

    /** A typed line's consumer output usually arrives within this time: it then shows before the next prompt. */
    private static final long PROMPT_DELAY_MILLIS = 150;

    private static final Logger LOG = LoggerFactory.getLogger(RiderApplication.class);

    private final Main main;
    /** The store's database, when the store runs. */
    private final RiderDatabase database;
    private final PositionBatch positions = new PositionBatch();
    private final ConsumerProgress progress;
    /** How long close() waits for Camel: its graceful shutdown's timeout, and a little more. */
    private final long stopMillis;
    private final IngestCounts counts = new IngestCounts();
    private final PublishGate gate;
    private final StdinLines stdin;
    private volatile RouteReloader reloader;
    private volatile RiderMetrics metrics;
    private volatile ProgressLine progressLine;
    private final Thread runner;
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private RiderApplication(Options options) {
        RiderSettings settings = options.settings();
        ConsumerGroupRoutes groupRoutes = new ConsumerGroupRoutes(options.groups(),
                route -> StoreRoute.isStoreRoute(route) ? StoreRoute.TEMPLATE_ID : ConsumerGroupRoutes.TEMPLATE_ID);
        this.progress = new ConsumerProgress();
        this.stopMillis = TimeUnit.SECONDS.toMillis(settings.getInt("camel.main.shutdown-timeout") + 10);

        main = new Main();
        // Ctrl-C and SIGTERM are handled by ShutdownSignal: the command publishes what it read, then stops Camel,
        // then the embedded broker. Camel's default strategy would stop Camel from a JVM hook of its own at the
        // same moment (in 4.18.0 its disableHangupSupport() still installs the hook), so it has none at all
        main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        // The environment comes in through the settings, below the command line; camel-main's own reading of it
        // would put CAMEL_* variables above -D (CAMEL_MAIN_NAME over -D camel.main.name)
        main.configure().setAutoConfigurationEnvironmentVariablesEnabled(false);
        main.addOverrideProperty("camel.main.routes-include-pattern", options.routes().includePattern(options.roles()));
        LOG.info("Routes from {}", options.routes().describe(options.roles()));
        settings.resolved().forEach(main::addOverrideProperty);
        KafkaSecurity.camelComponentProperties(settings).forEach(main::addOverrideProperty);
        main.addOverrideProperty("rider.brokers", options.brokers());
        // the routes use exactly the brokers admin and the command use, whatever else the environment says
        main.addOverrideProperty("camel.component.kafka.brokers", options.brokers());
        ProgressLine.Style progressStyle = progressStyle(settings, options.roles());
        int batchSize = atLeastOne(settings, "rider.batch-size");
        gate = new PublishGate(atLeastOne(settings, "rider.batches-in-flight"));
        stdin = new StdinLines(options.stdin(), batchSize, options.prompt(),
                PROMPT_DELAY_MILLIS, System.out, this::stopping, gate);
        RegionPartitioner partitioner = RegionPartitioner.fromSettings(settings);
        main.bind("ingestCounts", counts);
        main.bind("regionPartitioner", partitioner);
        main.bind("riderRecords", new RiderRecords(new RiderLineParser(), partitioner, counts));
        main.bind("stdinLines", stdin);
        main.bind("fileLines", new FileLines(batchSize, gate));
        main.bind("publishGate", gate);
        main.bind("recordPrinter", new RecordPrinter());
        main.bind("pollCommit", new PollCommit());
        List<String> followedGroups = new ArrayList<>(options.groups());
        if (options.roles().contains(Role.STORE)) {
            String storeGroup = settings.get("rider.store.group");
            database = RiderDatabase.open(settings);
            main.bind(LiveView.DATA_SOURCE_BEAN, database.dataSource());
            main.bind("positionBatch", positions);
            main.bind("databaseOutage", new DatabaseOutage());
            main.addMainListener(new StoreRoute(storeGroup));
            followedGroups.add(storeGroup);
            if (options.roles().contains(Role.WEB)) {
                try {
                    // the page hears of a change once the store has committed it
                    positions.addListener(LiveView.configure(main, settings).feed());
                } catch (RuntimeException e) {
                    database.close();
                    throw e;
                }
            }
        } else if (options.roles().contains(Role.WEB)) {
            throw new IllegalArgumentException("The live view shows the store's table: it runs with the store");
        } else {
            database = null;
        }
        if (Boolean.parseBoolean(settings.get("rider.observe"))) {
            observe(settings);
        }
        main.addMainListener(groupRoutes);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeInitialize(BaseMainSupport m) {
                // Placeholders likewise: the settings resolved above (flags over environment over file) first; the
                // environment only for keys that none of them has
                PropertiesComponent properties = (PropertiesComponent) m.getCamelContext().getPropertiesComponent();
                properties.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_FALLBACK);
            }

            @Override
            public void beforeConfigure(BaseMainSupport m) {
                // before any consumer route is made: it gets its progress policy when created
                m.getCamelContext().addRoutePolicyFactory(progress);
                m.getCamelContext().addRoutePolicyFactory(new StopOnFailedRecord());
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                try {
                    if (options.watch()) {
                        reloader = watchRoutes(options, m.getCamelContext(), groupRoutes, gate);
                    }
                } catch (RuntimeException e) {
                    // camel-main would log this and keep running: stop instead, and let start() report why
                    failure.set(e);
                    main.completed();
                    return;
                }
                progressLine = ProgressLine.start(progressStyle, System.err, counts::totalDone);
                MeterRegistry registry = m.getCamelContext().getRegistry().findSingleByType(MeterRegistry.class);
                if (registry != null) {
                    try {
                        metrics = new RiderMetrics(registry, counts, followedGroups, settings.topic(), options.brokers(),
                                KafkaSecurity.clientProperties(settings));
                    } catch (RuntimeException e) {
                        LOG.warn("The rider_* metrics are off: {}", RootCause.message(e));
                    }
                }
                started.countDown();
            }
        });
        options.listeners().forEach(main::addMainListener);
        runner = new Thread(this::runMain, "camel-main");
    }

    /** Starts the application and returns once every route has started. */
    public static RiderApplication start(Options options) {
        RiderApplication app = new RiderApplication(options);
        app.runner.start();
        try {
            while (!app.started.await(100, TimeUnit.MILLISECONDS)) {
                if (!app.runner.isAlive()) {
                    // what the constructor started (the store's database) does not outlive a failed start
                    app.close();
                    Throwable cause = app.failure.get();
                    throw new IllegalStateException("The Camel application did not start: "
                            + (cause == null ? "see the log above" : RootCause.message(cause)), cause);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            app.close();
            throw new IllegalStateException("Interrupted while starting", e);
        }
        return app;
    }

    private static RouteReloader watchRoutes(Options options, CamelContext context, ConsumerGroupRoutes groupRoutes, PublishGate gate) {
        RoutesLocation routes = options.routes();
        if (routes.directory() == null) {
            LOG.warn("--watch needs a routes folder; the bundled routes are not watched");
            return null;
        }
        RouteReloader reloader = new RouteReloader(context, routes.files(options.roles()),
                routes.files(Set.of(Role.STDIN)), routes.files(Set.of(Role.PUBLISH)), groupRoutes::remakeRoutes, gate);
        try {
            reloader.watch(routes.directory());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot watch " + routes.directory() + ": " + e.getMessage(), e);
        }
        return reloader;
    }

    /** The route reloader, when started with watch on and a routes folder. */
    public Optional<RouteReloader> reloader() {
        return Optional.ofNullable(reloader);
    }

    private void runMain() {
        try {
            main.run();
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public ConsumerProgress progress() {
        return progress;
    }

    /** Standard input, as the stdin route reads it. */
    public StdinLines stdin() {
        return stdin;
    }

    private boolean stopping() {
        CamelContext context = main.getCamelContext();
        return context == null || context.getStatus().isStopping() || context.getStatus().isStopped();
    }

    /** Lines read, published and rejected, per input. */
    public IngestCounts counts() {
        return counts;
    }

    /** True while camel-main runs; false once it stopped by itself or was closed. */
    public boolean isRunning() {
        return runner.isAlive();
    }

    /** Blocks until camel-main has stopped. */
    public void awaitStopped() throws InterruptedException {
        runner.join();
    }

    /** Stops the routes gracefully (in-flight exchanges finish) and waits for camel-main to end. */
    @Override
    public void close() {
        main.completed();
        try {
            runner.join(stopMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (progressLine != null) {
            progressLine.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** The store's positions, when the store runs: listeners added here hear of every change after its commit. */
    public PositionBatch positions() {
        return positions;
    }

    /**
     * The progress line's style, for the inputs (stdin, the inbox): see {@link ProgressLine#style}. A command with
     * consumers prints records to stdout. Whether stdin, stdout and stderr are terminals, bin/rider tells.
     */
    private static ProgressLine.Style progressStyle(RiderSettings settings, Set<Role> roles) {
        if (!roles.contains(Role.STDIN) && !roles.contains(Role.INBOX)) {
            return ProgressLine.Style.OFF;
        }
        return ProgressLine.style(settings.get("rider.progress"), ProgressLine.Terminals.fromLauncher(), roles.contains(Role.CONSUMER));
    }

    /**
     * Health and Prometheus metrics on Camel's management HTTP server (camel-platform-http-main):
     * /observe/health and /observe/metrics, on loopback unless rider.observe.host says otherwise.
     */
    private void observe(RiderSettings settings) {
        main.addOverrideProperty("camel.management.enabled", "true");
        main.addOverrideProperty("camel.management.host", settings.get("rider.observe.host"));
        main.addOverrideProperty("camel.management.port", settings.get("rider.observe.port"));
        main.addOverrideProperty("camel.management.health-check-enabled", "true");
        main.addOverrideProperty("camel.management.metrics-enabled", "true");
        main.addOverrideProperty("camel.metrics.enabled", "true");
        LOG.info("Health on http://{}:{}/observe/health, metrics on /observe/metrics",
                settings.get("rider.observe.host"), settings.get("rider.observe.port"));
    }

    private static int atLeastOne(RiderSettings settings, String key) {
        int value = settings.getInt(key);
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, not " + value);
        }
        return value;
    }
}
