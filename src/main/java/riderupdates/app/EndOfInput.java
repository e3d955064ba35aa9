package riderupdates.app;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for {@code System.in} and tells when the input has ended (pipe closed or Ctrl-D).
 *
 * <p>camel-stream's {@code stream:in} sends no exchange at the end of its input, so the end is seen here,
 * where the bytes are read. Two details make that signal mean "every line has been processed":
 * {@code stream:in} processes each line synchronously before it reads the next, and a last line without a
 * final newline gets one here, so the reader never needs the end of input to finish a line.
 */
public final class EndOfInput extends FilterInputStream {

    private final CountDownLatch ended = new CountDownLatch(1);
    private int lastByte = '\n';
    private boolean newlineAdded;

    public EndOfInput(InputStream in) {
        super(in);
    }

    /** Replaces {@code System.in} with a watched one; call before Camel starts reading it. */
    public static EndOfInput watchSystemIn() {
        EndOfInput input = new EndOfInput(System.in);
        System.setIn(input);
        return input;
    }

    @Override
    public synchronized int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            lastByte = buffer[offset + n - 1];
            return n;
        }
        if (n == -1 && lastByte != '\n' && !newlineAdded) {
            newlineAdded = true;
            buffer[offset] = '\n';
            return 1;
        }
        if (n == -1) {
            ended.countDown();
        }
        return n;
    }

    public boolean hasEnded() {
        return ended.getCount() == 0;
    }

    /** Waits until the input has ended and every line before the end was read. */
    public void awaitEnd() throws InterruptedException {
        ended.await();
    }

    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
