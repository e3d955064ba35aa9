package riderupdates.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.producer.IngestCounts;

/** What 'run' and 'produce' share: the inputs (stdin, the inbox folder) and how their end is awaited. */
abstract class ProducingCommand extends RoutesCommand {

    private static final Logger COUNTS = LoggerFactory.getLogger("riderupdates.counts");

    @Mixin
    ProgressOption progressOption;

    @Option(names = "--inbox", paramLabel = "DIR",
            description = {"Also watch DIR for files of rider updates (rider.inbox); runs until Ctrl-C.",
                "Read files move to DIR/.done/, files that could not be published to DIR/.error/."})
    Path inbox;

    @Override
    void addSwitches(Map<String, Boolean> switches) {
        super.addSwitches(switches);
        progressOption.addSwitches(switches);
    }

    /** The inbox folder from --inbox or rider.inbox, created if missing; null when there is none. */
    Path inbox() {
        Path dir = inbox != null ? inbox : settings().find("rider.inbox").map(Path::of).orElse(null);
        if (dir == null) {
            return null;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot create the inbox folder " + dir + ": " + e.getMessage(), e);
        }
        Path absolute = dir.toAbsolutePath().normalize();
        override("rider.inbox", absolute.toString());
        return absolute;
    }

    /** The producing roles: stdin and publishing always, the inbox when there is one. */
    static Set<Role> producingRoles(Path inbox) {
        Set<Role> roles = EnumSet.of(Role.STDIN, Role.PUBLISH);
        if (inbox != null) {
            roles.add(Role.INBOX);
        }
        return roles;
    }

    /**
     * Waits until stdin has ended and every line was published or set aside, then logs its counts. Ctrl-C or
     * SIGTERM ends the input early: the lines already read are still published (or fail) before the counts.
     *
     * @return false when the application stopped first, or when lines could not be published
     */
    boolean awaitEndOfStdin(RiderApplication app, String prompt) throws InterruptedException {
        while (!app.stdin().awaitEnd(Duration.ofMillis(200))) {
            if (!app.isRunning()) {
                return false;
            }
            if (signal().raised()) {
                if (!stopStdin(app)) {
                    return false;
                }
                break;
            }
        }
        if (prompt != null) {
            System.out.println(); // Ctrl-D leaves the cursor after the prompt
        }
        IngestCounts.Counts stdin = app.counts().of("stdin");
        COUNTS.info(app.counts().summary("stdin"));
        if (app.stdin().readError().isPresent()) {
            System.err.println("rider: reading stdin failed: " + app.stdin().readError().get());
            return false;
        }
        if (stdin.failed() > 0) {
            System.err.println("rider: " + stdin.failed() + " line(s) of stdin could not be published to Kafka (errors above)");
            return false;
        }
        return true;
    }

    /**
     * Ctrl-C or SIGTERM: stdin is read no further, and the lines already read are published before Camel stops.
     *
     * @return true once they all were published or set aside (or failed), false if that took too long
     */
    private boolean stopStdin(RiderApplication app) throws InterruptedException {
        app.stdin().stop();
        // a send waits for metadata at most max-block-ms, then Kafka acknowledges or fails it within its
        // delivery timeout
        Duration landing = Duration.ofMillis(settings().getInt("camel.component.kafka.max-block-ms")
                + settings().getInt("camel.component.kafka.delivery-timeout-ms")).plusSeconds(5);
        if (!app.stdin().awaitEnd(Duration.ofMillis(500))) {
            System.err.println("rider: stopping: the lines already read go to Kafka first (at most "
                    + landing.toSeconds() + " s); kill -9 would lose them");
        }
        if (!app.stdin().awaitEnd(landing)) {
            System.err.println("rider: stopped before every line read from stdin was published or set aside: "
                    + app.counts().summary("stdin"));
            return false;
        }
        return true;
    }

    /**
     * With an inbox the command runs until stopped: files may arrive any time. At the stop, the lines read from
     * stdin are published first; the file being published is finished as Camel stops (shutdown-timeout).
     */
    int awaitStop(RiderApplication app) throws InterruptedException {
        if (!untilStopped(app)) {
            return 1;
        }
        boolean landed = stopStdin(app);
        IngestCounts.Counts stdin = app.counts().of("stdin");
        if (stdin.read() > 0) {
            COUNTS.info(app.counts().summary("stdin"));
        }
        return landed && stdin.failed() == 0 ? 0 : 1;
    }
}
