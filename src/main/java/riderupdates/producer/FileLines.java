package riderupdates.producer;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A dropped file's lines, in batches of up to {@code batchSize}, read one batch at a time for a streaming
 * split: a large file is never held in memory whole. Unlike Camel's tokenizer, which gives up on the whole
 * file at the first invalid UTF-8 byte, this decodes leniently: bad bytes become U+FFFD and only their line
 * is rejected (by {@link RiderLineParser}).
 */
public final class FileLines {

    private final int batchSize;
    private final PublishGate gate;

    public FileLines(int batchSize, PublishGate gate) {
        this.batchSize = batchSize;
        this.gate = gate;
    }

    /**
     * The file's lines, LF or CRLF ended (the parser drops a final CR), in batches, then one empty batch:
     * Camel's split closes the iterator as soon as it has taken the last item, before processing it, so the
     * empty batch keeps the last real one under the {@link PublishGate} until it is done. Closed at the end.
     */
    public Iterator<LineBatch> batches(InputStream in, String source) {
        return gate.guard(new BatchIterator(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), source, batchSize));
    }

    private static final class BatchIterator implements Iterator<LineBatch>, Closeable {
        private final BufferedReader reader;
        private final String source;
        private final int batchSize;
        private long nextLine = 1;
        private LineBatch next;
        private boolean done;
        private boolean endGiven;

        BatchIterator(BufferedReader reader, String source, int batchSize) {
            this.reader = reader;
            this.source = source;
            this.batchSize = batchSize;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                List<String> lines = new ArrayList<>(batchSize);
                try {
                    String line;
                    while (lines.size() < batchSize && (line = reader.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (lines.size() < batchSize) {
                    done = true;
                    close();
                }
                if (!lines.isEmpty()) {
                    next = new LineBatch(source, nextLine, lines);
                    nextLine += lines.size();
                }
            }
            if (next == null && done && !endGiven) {
                next = new LineBatch(source, nextLine, List.of());
                endGiven = true;
            }
            return next != null;
        }

        @Override
        public LineBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            LineBatch batch = next;
            next = null;
            return batch;
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException e) {
                // nothing left to read
            }
        }
    }
}
