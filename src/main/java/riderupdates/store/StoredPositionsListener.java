package riderupdates.store;

import java.util.List;

/**
 * Told of the positions a batch changed in {@code rider_positions}, after the database commit that stored them:
 * a listener never sees what the table does not hold. Called on the store route's thread: return quickly.
 */
@FunctionalInterface
public interface StoredPositionsListener {

    void stored(List<RiderPosition> changed);
}
