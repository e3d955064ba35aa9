package riderupdates.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import picocli.CommandLine.Mixin;
import riderupdates.app.ClassArchiveMark;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation;
import riderupdates.app.RoutesLocation.Role;

/** What the commands that run Camel routes share (run, produce, consume): the route options, and the start. */
abstract class RoutesCommand extends KafkaCommand {

    @Mixin
    RouteOptions routeOptions;

    @Override
    void addSwitches(Map<String, Boolean> switches) {
        super.addSwitches(switches);
        routeOptions.addSwitches(switches);
    }

    /** Runs until Ctrl-C or SIGTERM (true), or until the application stops by itself, having failed (false). */
    boolean untilStopped(RiderApplication app) throws InterruptedException {
        while (!signal().await(Duration.ofMillis(500))) {
            if (!app.isRunning()) {
                return false;
            }
        }
        return true;
    }

    RiderApplication startApplication(String bootstrapServers, Set<Role> roles, List<String> groups, String prompt) {
        return startApplication(bootstrapServers, roles, groups, prompt, System.in);
    }

    /** With this input as the stdin route's; admin has answered before (every command runs it first). */
    RiderApplication startApplication(String bootstrapServers, Set<Role> roles, List<String> groups, String prompt, InputStream stdin) {
        RiderApplication app = startApplicationWhileAdminRuns(bootstrapServers, roles, groups, prompt, stdin);
        ClassArchiveMark.workStarted();
        return app;
    }

    /** As {@link #startApplication}, for a command whose admin runs alongside: it marks its run once admin answers. */
    RiderApplication startApplicationWhileAdminRuns(String bootstrapServers, Set<Role> roles, List<String> groups, String prompt,
                                                    InputStream stdin) {
        Path given = routeOptions.routesDir;
        Path dir = given != null ? given : settings().find("rider.routes").map(Path::of).orElse(null);
        return RiderApplication.start(new RiderApplication.Options(settings(), bootstrapServers, RoutesLocation.resolve(dir),
                roles, groups, stdin, prompt, Boolean.parseBoolean(settings().get("rider.watch")), List.of()));
    }
}
