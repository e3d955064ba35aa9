package riderupdates.store;

import java.time.Instant;

/**
 * A rider's position as the store keeps it: one row of {@code rider_positions}. {@code time} is the Kafka record's
 * timestamp, which decides which of two updates is the newer.
 */
public record RiderPosition(String name, String location, int partition, long offset, Instant time) {

    /** True when this update replaces {@code stored}: newer by time, or as new and later in the same partition. */
    public boolean newerThan(RiderPosition stored) {
        int byTime = time.compareTo(stored.time);
        return byTime > 0 || (byTime == 0 && partition == stored.partition && offset > stored.offset);
    }
}
