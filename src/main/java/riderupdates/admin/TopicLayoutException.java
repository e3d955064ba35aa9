package riderupdates.admin;

/** The topic cannot hold the partitions the region map sends records to. */
public class TopicLayoutException extends IllegalStateException {

    public TopicLayoutException(String message) {
        super(message);
    }
}
