package riderupdates.producer;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per input (stdin, or a dropped file's name): lines read, published, rejected (to the dead letter),
 * failed (not published: Kafka refused or was unreachable) and blank lines skipped. When nothing failed,
 * published + rejected = read.
 */
public final class IngestCounts {

    /** The counts of one input. */
    public static final class Counts {
        private final LongAdder read = new LongAdder();
        private final LongAdder published = new LongAdder();
        private final LongAdder rejected = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final LongAdder blank = new LongAdder();

        public long read() {
            return read.sum();
        }

        public long published() {
            return published.sum();
        }

        public long rejected() {
            return rejected.sum();
        }

        public long failed() {
            return failed.sum();
        }

        public long blank() {
            return blank.sum();
        }

        /** Lines that need nothing more: published, rejected, failed or blank. */
        public long done() {
            return published() + rejected() + failed() + blank();
        }
    }

    /** The input routes, for metrics: stdin, and every other source is a dropped file. */
    public static final String STDIN_ROUTE = "stdin-to-kafka";
    public static final String INBOX_ROUTE = "file-drop-to-kafka";

    /** What became of a line, for metrics. */
    public enum Outcome {
        PUBLISHED, REJECTED, FAILED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<String, Counts> bySource = new ConcurrentHashMap<>();

    /** Starts counting an input afresh (a file dropped again under the same name). */
    public void start(String source) {
        bySource.put(source, new Counts());
    }

    public void read(String source, long lines) {
        of(source).read.add(lines);
    }

    public void published(String source, long lines) {
        of(source).published.add(lines);
    }

    public void rejected(String source, long lines) {
        of(source).rejected.add(lines);
    }

    /**
     * Lines that could not be published or set aside. When the failure came before they were counted as read
     * ({@code counted} false), they are counted as read too, so that the counts still add up.
     */
    public void failed(String source, Long lines, Boolean counted) {
        long n = lines == null ? 0 : lines;
        if (!Boolean.TRUE.equals(counted)) {
            of(source).read.add(n);
        }
        of(source).failed.add(n);
    }

    public void blank(String source, long lines) {
        of(source).blank.add(lines);
    }

    public Counts of(String source) {
        return bySource.computeIfAbsent(source, s -> new Counts());
    }

    /** Lines published, rejected or failed so far, over every input. */
    public long totalDone() {
        return bySource.values().stream().mapToLong(c -> c.published() + c.rejected() + c.failed()).sum();
    }

    /** The lines of an input route with this outcome, over all its sources. */
    public long total(String route, Outcome outcome) {
        return bySource.entrySet().stream()
                .filter(e -> route.equals(e.getKey().equals("stdin") ? STDIN_ROUTE : INBOX_ROUTE))
                .mapToLong(e -> switch (outcome) {
                    case PUBLISHED -> e.getValue().published();
                    case REJECTED -> e.getValue().rejected();
                    case FAILED -> e.getValue().failed();
                })
                .sum();
    }

    /** e.g. {@code stdin: read 7, published 5, rejected 2}, plus failed and blank counts when there are any. */
    public String summary(String source) {
        Counts c = of(source);
        StringBuilder text = new StringBuilder(source).append(": read ").append(c.read())
                .append(", published ").append(c.published())
                .append(", rejected ").append(c.rejected());
        if (c.failed() > 0) {
            text.append(", failed ").append(c.failed());
        }
        if (c.blank() > 0) {
            text.append(" (").append(c.blank()).append(c.blank() == 1 ? " blank line" : " blank lines").append(" skipped)");
        }
        return text.toString();
    }
}
