package riderupdates.producer;

import java.util.List;

/**
 * Lines of one input read together, to be published together: the inputs hand the publishing route a batch
 * of lines, not a line at a time, so a whole batch costs one exchange and one send (and one wait for Kafka's
 * acknowledgement) instead of one per line.
 *
 * @param source    "stdin" or the dropped file's name
 * @param firstLine the line number (from 1) of the batch's first line in its input
 * @param lines     the lines as read, without their line ends
 */
public record LineBatch(String source, long firstLine, List<String> lines) {

    public LineBatch {
        lines = List.copyOf(lines);
    }

    /**
     * False for the empty batch that ends an input: the inputs' filter (a method call once set up, where Simple's
     * {@code ${body.lines.size()}} introspects the classes again at every batch).
     */
    public static boolean hasLines(LineBatch batch) {
        return !batch.lines().isEmpty();
    }

    /** The line number of the batch's line at the index. */
    public long lineNumber(int index) {
        return firstLine + index;
    }

    /** e.g. {@code 7} or {@code 7-1006}, for messages about the whole batch. */
    public String lineRange() {
        long last = firstLine + lines.size() - 1;
        return last <= firstLine ? Long.toString(firstLine) : firstLine + "-" + last;
    }
}
