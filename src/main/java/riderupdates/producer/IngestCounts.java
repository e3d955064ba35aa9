package riderupdates.producer;

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
    }

    private final Map<String, Counts> bySource = new ConcurrentHashMap<>();

    /** Starts counting an input afresh (a file dropped again under the same name). */
    public void start(String source) {
        bySource.put(source, new Counts());
    }

    public void read(String source) {
        of(source).read.increment();
    }

    public void published(String source) {
        of(source).published.increment();
    }

    public void rejected(String source) {
        of(source).rejected.increment();
    }

    public void failed(String source) {
        of(source).failed.increment();
    }

    public void blank(String source) {
        of(source).blank.increment();
    }

    public Counts of(String source) {
        return bySource.computeIfAbsent(source, s -> new Counts());
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
