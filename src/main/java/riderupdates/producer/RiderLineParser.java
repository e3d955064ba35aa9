package riderupdates.producer;

/**
 * Turns an input line into a {@link RiderUpdate}: the first two whitespace-separated words are the rider
 * and the location, as in the original tutorial's {@code line.split(" ")}.
 */
public final class RiderLineParser {

    private static final int MAX_QUOTED = 60;

    public RiderUpdate parse(String line) {
        String[] words = line.strip().split("\\s+");
        if (words.length < 2 || words[0].isEmpty()) {
            throw new InvalidRiderLineException("missing location in " + quote(line));
        }
        return new RiderUpdate(words[0], words[1]);
    }

    /** True for a line with nothing but white space: such lines are skipped, not rejected. */
    public static boolean isBlank(String line) {
        return line == null || line.isBlank();
    }

    private static String quote(String line) {
        String shown = line.strip();
        if (shown.length() > MAX_QUOTED) {
            shown = shown.substring(0, MAX_QUOTED) + "...";
        }
        return '"' + shown + '"';
    }
}
