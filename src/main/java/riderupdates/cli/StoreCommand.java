package riderupdates.cli;

import java.util.List;
import java.util.Map;
import java.util.Set;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation.Role;

@Command(name = "store", mixinStandardHelpOptions = true,
        description = {"Keeps the latest position of every rider in PostgreSQL, until Ctrl-C.",
            "The store route (routes/store.camel.yaml) reads the topic from the beginning in its own consumer group and "
                + "upserts each poll's newest update per rider into the table rider_positions, in one statement; the "
                + "offsets are committed after it. An embedded PostgreSQL starts unless --db-url names a server. "
                + "Ctrl-C or SIGTERM stops it gracefully."})
public final class StoreCommand extends RoutesCommand {

    @Option(names = "--group", paramLabel = "GROUP",
            description = "The store's consumer group (default: rider.store.group = store).")
    String group;

    @Mixin
    StoreOptions storeOptions;

    @Override
    void addOverrides(Map<String, String> settings) {
        if (group != null) {
            settings.put("rider.store.group", group);
        }
        storeOptions.addOverrides(settings);
    }

    @Override
    public Integer call() throws InterruptedException {
        String bootstrap = configuredBrokers();
        Set<Role> roles = Boolean.parseBoolean(settings().get("rider.web")) ? Set.of(Role.STORE, Role.WEB) : Set.of(Role.STORE);
        try (RiderApplication app = startApplication(bootstrap, roles, List.of(), null)) {
            return untilStopped(app) ? 0 : 1;
        }
    }
}
