package riderupdates.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import riderupdates.admin.RiderTopics;
import riderupdates.admin.TopicAdmin;
import riderupdates.app.ClassArchiveMark;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.config.RiderSettings;

/** What the commands that run Camel routes share (run, produce, consume, store): the route options, and the start. */
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

    /**
     * Makes sure of the topics and starts the routes, with this input as the stdin route's. Admin runs while Camel
     * loads and builds the routes (both take a while); the routes start once admin has answered
     * ({@link RoutesAfterTopics}). If admin fails, the command fails with admin's reason, as when admin ran first.
     */
    RiderApplication startApplication(String bootstrapServers, Set<Role> roles, List<String> groups, String prompt, InputStream stdin) {
        RiderSettings settings = settings();
        // logging starts here, not on admin's thread as the main thread starts Camel: SLF4J drops what is logged
        // while another thread starts it
        LoggerFactory.getILoggerFactory();
        CompletableFuture<TopicAdmin.Outcome> topics = CompletableFuture.supplyAsync(() -> RiderTopics.ensure(settings, bootstrapServers));
        Path given = routeOptions.routesDir;
        Path dir = given != null ? given : settings.find("rider.routes").map(Path::of).orElse(null);
        RiderApplication app;
        try {
            app = RiderApplication.start(new RiderApplication.Options(settings, bootstrapServers, RoutesLocation.resolve(dir),
                    roles, groups, stdin, prompt, Boolean.parseBoolean(settings.get("rider.watch")),
                    List.of(new RoutesAfterTopics(topics))));
        } catch (RuntimeException e) {
            RoutesAfterTopics.await(topics); // admin's failure, if it failed, is the one reported
            throw e;
        }
        ClassArchiveMark.workStarted();
        return app;
    }
}
