package riderupdates.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import riderupdates.config.RiderSettings;
import riderupdates.store.RiderDatabase;
import riderupdates.store.RiderPosition;

/**
 * The web tests' real pieces: one embedded PostgreSQL for the whole test run (migrated by Flyway, as the product
 * does), rows written as the store route writes them (committed, then {@code feed.stored(...)}), and camel-main
 * started with {@code routes/web.camel.yaml} and {@link LiveView#configure} as RiderApplication wires them.
 */
final class WebTestSupport {

    private static RiderDatabase database;

    private WebTestSupport() {
    }

    static synchronized DataSource dataSource() {
        if (database == null) {
            database = RiderDatabase.open(RiderSettings.load(Map.of()));
            Runtime.getRuntime().addShutdownHook(new Thread(database::close, "web-test-db-stop"));
        }
        return database.dataSource();
    }

    static void clearTable() throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM rider_positions");
        }
    }

    /** Upserts the positions in one committed transaction, as the store route does, and returns them. */
    static List<RiderPosition> store(List<RiderPosition> positions) throws SQLException {
        try (Connection c = dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO rider_positions AS p "
                    + "(name, location, kafka_partition, kafka_offset, event_time) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT (name) DO UPDATE SET location = EXCLUDED.location, kafka_partition = EXCLUDED.kafka_partition, "
                    + "kafka_offset = EXCLUDED.kafka_offset, event_time = EXCLUDED.event_time, stored_at = now()")) {
                for (RiderPosition p : positions) {
                    s.setString(1, p.name());
                    s.setString(2, p.location());
                    s.setInt(3, p.partition());
                    s.setLong(4, p.offset());
                    s.setTimestamp(5, Timestamp.from(p.time()));
                    s.addBatch();
                }
                s.executeBatch();
            }
            c.commit();
        }
        return positions;
    }

    static RiderPosition position(String name, String location, long offset, Instant time) {
        return new RiderPosition(name, location, location.equalsIgnoreCase("north") ? 0 : 1, offset, time);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** camel-main with the web routes and the live view, on its own thread as RiderApplication runs it. */
    static final class WebApp implements AutoCloseable {

        private final Main main;
        private final LiveView view;
        private final Thread runner;
        private final CountDownLatch started = new CountDownLatch(1);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        private WebApp(Main main, LiveView view) {
            this.main = main;
            this.view = view;
            this.runner = new Thread(() -> {
                try {
                    main.run();
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "web-test-camel-main");
        }

        static WebApp start(Map<String, String> overrides) throws Exception {
            return start(RiderSettings.load(settings(overrides)));
        }

        static Map<String, String> settings(Map<String, String> overrides) throws IOException {
            Map<String, String> all = new HashMap<>();
            all.put("rider.web", "true");
            all.put("rider.web.port", String.valueOf(freePort()));
            all.put("camel.main.shutdown-timeout", "5");
            all.putAll(overrides);
            return all;
        }

        /** With the configured bound per stream client (rider.web.client-buffer-kib). */
        static WebApp start(RiderSettings settings) throws Exception {
            return start(settings, settings.getInt("rider.web.client-buffer-kib") * 1024);
        }

        static WebApp start(RiderSettings settings, int clientBufferBytes) throws Exception {
            Main main = new Main();
            main.configure().setAutoConfigurationEnvironmentVariablesEnabled(false);
            settings.resolved().forEach(main::addOverrideProperty);
            main.addOverrideProperty("camel.main.routes-include-pattern", "file:routes/" + LiveView.ROUTES_FILE);
            main.bind(LiveView.DATA_SOURCE_BEAN, dataSource());
            LiveView view = LiveView.configure(main, settings, clientBufferBytes);
            WebApp app = new WebApp(main, view);
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterStart(BaseMainSupport m) {
                    app.started.countDown();
                }
            });
            app.runner.start();
            while (!app.started.await(100, TimeUnit.MILLISECONDS)) {
                if (!app.runner.isAlive()) {
                    throw new IllegalStateException("camel-main did not start", app.failure.get());
                }
            }
            return app;
        }

        LiveView view() {
            return view;
        }

        CamelContext context() {
            return main.getCamelContext();
        }

        String base() {
            return "http://127.0.0.1:" + view.port();
        }

        @Override
        public void close() throws InterruptedException {
            main.completed();
            runner.join(30_000);
        }
    }
}
