package riderupdates;

import riderupdates.app.ShutdownSignal;
import riderupdates.cli.RiderCommand;

/** Starts {@code rider}: the command line ({@link RiderCommand}) under a shutdown signal of its own. */
public final class RiderUpdates {

    private RiderUpdates() {
    }

    public static void main(String[] args) {
        ShutdownSignal signal = ShutdownSignal.install();
        int code = RiderCommand.execute(signal, args);
        signal.finished();
        if (!signal.raised()) {
            // Kafka's server and client threads are not daemons: leave explicitly
            System.exit(code);
        }
    }
}
