package riderupdates.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL a test controls: stopped and started again as itself (same data, same port), as an outage of
 * the store's database server would be. The store reaches it by its JDBC URL, as it would any server.
 */
public final class TestDatabase implements AutoCloseable {

    private final Path data;
    private final int port;
    private EmbeddedPostgres server;

    public TestDatabase(Path data) {
        this.data = data;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    public synchronized void start() {
        try {
            server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                    .setRegisterShutdownHook(false).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void stop() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = null;
    }

    /** rider_positions as name to location. */
    public Map<String, String> positions() {
        return positions(jdbcUrl());
    }

    /** rider_positions of the database at the URL, as name to location. */
    public static Map<String, String> positions(String jdbcUrl) {
        return positions(jdbcUrl, new Properties());
    }

    /** The same, with connection properties (a password). */
    public static Map<String, String> positions(String jdbcUrl, Properties credentials) {
        Map<String, String> positions = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, credentials); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select name, location from rider_positions")) {
            while (rows.next()) {
                positions.put(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("rider_positions could not be read: " + e.getMessage(), e);
        }
        return positions;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            stop();
        }
    }
}
