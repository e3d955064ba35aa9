package riderupdates.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM. The JVM's shutdown hook only raises the signal and then holds the JVM until the
 * command has finished its own clean-up, in order, as it would at a normal end: the lines already read published
 * (at most max-block-ms + delivery-timeout-ms + 5 s, 95 s by default), Camel stopped gracefully (at most
 * camel.main.shutdown-timeout, 95 s), the broker closed. Past 240 s the JVM goes anyway.
 */
public final class ShutdownSignal {

    private final CountDownLatch raised = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    /** Installs the JVM shutdown hook. */
    public static ShutdownSignal install() {
        ShutdownSignal signal = new ShutdownSignal();
        Runtime.getRuntime().addShutdownHook(new Thread(signal::onShutdown, "rider-updates-shutdown"));
        return signal;
    }

    /** An instance no JVM signal raises, for commands run in-process by tests. */
    public static ShutdownSignal none() {
        return new ShutdownSignal();
    }

    public boolean raised() {
        return raised.getCount() == 0;
    }

    /** Raises the signal by hand, as Ctrl-C would. */
    public void raise() {
        raised.countDown();
    }

    /** Waits for the signal; true if it came within the timeout. */
    public boolean await(Duration timeout) throws InterruptedException {
        return raised.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The command is done: a pending shutdown may let the JVM go. */
    public void finished() {
        finished.countDown();
    }

    private void onShutdown() {
        if (finished.getCount() == 0) {
            return; // a normal exit: nothing left to stop
        }
        raise();
        try {
            finished.await(240, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
