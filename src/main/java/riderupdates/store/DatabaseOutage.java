package riderupdates.store;

import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.config.RootCause;
import riderupdates.consumer.PollRecords;

/**
 * Says once that the database cannot take the store's writes, and once that it can again: the store route retries
 * the same poll (Camel's redelivery, with back-off) until it is stored, and a log line per attempt or per record
 * would bury the one that matters. While it fails nothing of the poll is committed. Reminds every minute.
 */
public final class DatabaseOutage implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutage.class);
    private static final long REMIND_NANOS = TimeUnit.MINUTES.toNanos(1);

    private long since;
    private long remindedAt;
    private int attempts;
    private boolean down;

    /** Camel's onRedelivery: before each retry of a poll whose write failed. */
    @Override
    public synchronized void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        attempts++;
        long now = System.nanoTime();
        if (!down) {
            down = true;
            since = now;
            remindedAt = now;
            LOG.warn("rider: the store cannot write to the database ({}); retrying the poll ({}) with back-off until it "
                    + "can. Nothing of it is committed meanwhile.", RootCause.message(cause), PollRecords.describe(PollRecords.of(exchange)));
        } else if (now - remindedAt >= REMIND_NANOS) {
            remindedAt = now;
            LOG.warn("rider: the store still cannot write to the database after {} s and {} attempts: {}",
                    TimeUnit.NANOSECONDS.toSeconds(now - since), attempts, RootCause.message(cause));
        }
    }

    /** After a poll was stored: the database takes writes (again). */
    public synchronized void written() {
        if (down) {
            LOG.info("rider: the store writes to the database again, after {} ms and {} retries",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since), attempts);
            down = false;
            attempts = 0;
        }
    }
}
