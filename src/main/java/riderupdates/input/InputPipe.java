package riderupdates.input;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Standard input for an application run inside another program (the benchmark, the tests): what is written
 * here is read as if typed or piped.
 */
public final class InputPipe extends InputStream {

    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    public void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes as they come, valid UTF-8 or not. */
    public void write(byte[] bytes) {
        chunks.add(bytes.clone());
    }

    /** Ends the input, as closing a pipe or Ctrl-D does. */
    public void end() {
        chunks.add(END);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        while (position == current.length) {
            if (ended) {
                return -1;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            position = 0;
            ended = current == END;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public synchronized int available() {
        byte[] next = chunks.peek();
        return current.length - position + (next == null ? 0 : next.length);
    }
}
