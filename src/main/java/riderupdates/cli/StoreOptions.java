package riderupdates.cli;

import java.nio.file.Path;
import java.util.Map;

import picocli.CommandLine.Option;

/**
 * The store's options (store, run --store): where it keeps the riders' positions (a PostgreSQL server, or the
 * embedded one's data), and whether the live page shows them.
 */
final class StoreOptions {

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "PostgreSQL to store in, e.g. jdbc:postgresql://db:5432/riders (setting rider.db.url, RIDER_DB_URL); "
                    + "the user in the URL or rider.db.user, the password in RIDER_DB_PASSWORD only. "
                    + "Default: an embedded PostgreSQL, whose JDBC URL and port the log gives.")
    String dbUrl;

    @Option(names = "--db-data", paramLabel = "DIR",
            description = "The embedded PostgreSQL's data folder, kept across runs (setting rider.db.data; default: a temporary one).")
    Path dbData;

    @Option(names = "--web",
            description = "Serve the live page and the riders' API on http://rider.web.host:rider.web.port/ "
                    + "(127.0.0.1:8080; another address needs RIDER_WEB_TOKEN). Setting rider.web.")
    boolean web;

    /** The settings these options set when given. */
    void addOverrides(Map<String, String> overrides) {
        if (web) {
            overrides.put("rider.web", "true");
        }
        if (dbUrl != null) {
            overrides.put("rider.db.url", dbUrl);
        }
        if (dbData != null) {
            overrides.put("rider.db.data", dbData.toString());
        }
    }
}
