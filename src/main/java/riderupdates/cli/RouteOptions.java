package riderupdates.cli;

import java.nio.file.Path;
import java.util.Map;

import picocli.CommandLine.Option;

/** The options of the commands that run Camel routes (run, produce, consume): where the routes are, and what runs beside them. */
final class RouteOptions {

    @Option(names = "--routes", paramLabel = "DIR",
            description = "Folder of the *.camel.yaml routes (setting rider.routes; default: routes/ next to bin/rider, else the jar's copies).")
    Path routesDir;

    @Option(names = "--watch",
            description = "Reload route files when they change, while running (setting rider.watch).")
    boolean watch;

    @Option(names = "--observe",
            description = "Serve /observe/health and /observe/metrics (Prometheus) on 127.0.0.1:rider.observe.port (9876).")
    boolean observe;

    /** The settings these switches turn on when given. */
    void addSwitches(Map<String, Boolean> switches) {
        switches.put("rider.watch", watch);
        switches.put("rider.observe", observe);
    }
}
