package riderupdates.producer;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A dropped file's lines, read one at a time for a streaming split. Unlike Camel's tokenizer, which gives
 * up on the whole file at the first invalid UTF-8 byte, this decodes leniently: bad bytes become U+FFFD
 * and only their line is rejected (by {@link RiderLineParser}).
 */
public final class FileLines {

    /** The lines of the stream, LF or CRLF ended (the parser drops a final CR); closed at the end. */
    public Iterator<String> lines(InputStream in) {
        return new LineIterator(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    }

    private static final class LineIterator implements Iterator<String>, Closeable {
        private final BufferedReader reader;
        private String next;
        private boolean done;

        LineIterator(BufferedReader reader) {
            this.reader = reader;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                try {
                    next = reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (next == null) {
                    done = true;
                    close();
                }
            }
            return next != null;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String line = next;
            next = null;
            return line;
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
