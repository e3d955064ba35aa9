package riderupdates.config;

import java.util.ArrayList;
import java.util.List;

/** The message a person needs from a chain of exceptions: the deepest one that says something. */
public final class RootCause {

    private RootCause() {
    }

    public static String message(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        List<String> messages = new ArrayList<>();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !messages.contains(t.getMessage())) {
                messages.add(t.getMessage());
            }
        }
        return messages.isEmpty() ? error.toString() : messages.get(messages.size() - 1);
    }
}
