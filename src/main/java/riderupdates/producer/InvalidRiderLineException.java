package riderupdates.producer;

/** An input line that is not a rider update; the message says why, for the error log. */
public class InvalidRiderLineException extends IllegalArgumentException {

    public InvalidRiderLineException(String reason) {
        super(reason);
    }
}
