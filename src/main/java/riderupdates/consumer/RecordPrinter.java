package riderupdates.consumer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Processor;
import riderupdates.config.RootCause;

/**
 * Prints a poll's records on standard output, one line each: the line of a record is the Simple expression in the
 * exchange property {@value #FORMAT_PROPERTY}, which the consumer template sets, evaluated on that record (so the
 * format is edited in YAML, without a rebuild). The body stays the records (the commit comes next); the lines
 * printed are in the property {@value #PRINTED_PROPERTY}.
 *
 * <p>Lines go out in writes of at most {@value #WRITE_BYTES} bytes, each flushed: a write that small to a pipe is
 * whole or not at all (POSIX's PIPE_BUF), so when the reader goes away ({@code consume | head}; a full disk)
 * exactly the records of the writes that succeeded are committed, and the poll fails from the first record not
 * written. {@code System.out} never throws: a failed write only shows in {@link PrintStream#checkError()}. Then
 * {@link StopOnFailedRecord} stops the application. (Not {@code stream:out}: camel-stream makes a new writer and
 * encoder for every message.)
 */
public final class RecordPrinter implements Processor {

    public static final String FORMAT_PROPERTY = "riderLineFormat";
    public static final String PRINTED_PROPERTY = "riderPrintedLines";
    /** PIPE_BUF on Linux: the largest write to a pipe that is never split. */
    static final int WRITE_BYTES = 4096;

    private static final byte[] NEWLINE = System.lineSeparator().getBytes(Charset.defaultCharset());

    private final Map<String, Expression> formats = new ConcurrentHashMap<>();

    @Override
    public void process(Exchange exchange) {
        Expression line = format(exchange);
        List<Exchange> records = PollRecords.of(exchange);
        List<String> lines = new ArrayList<>(records.size());
        PrintStream out = System.out; // looked up each time: whoever set System.out last gets the lines
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(WRITE_BYTES);
        int written = 0; // records whose lines are out
        for (int i = 0; i < records.size(); i++) {
            Exchange record = records.get(i);
            String printed;
            try {
                printed = line.evaluate(record, String.class);
            } catch (RuntimeException e) {
                throw failAfter(records, flush(out, chunk) ? i : written, "the line of the record at partition "
                        + PollRecords.partition(record) + " offset " + PollRecords.offset(record) + " could not be made: "
                        + RootCause.message(e), e);
            }
            // System.out encodes with the default charset (bin/rider sets UTF-8): the bytes println would write
            byte[] bytes = printed.getBytes(Charset.defaultCharset());
            if (chunk.size() > 0 && chunk.size() + bytes.length + NEWLINE.length > WRITE_BYTES) {
                if (!flush(out, chunk)) {
                    throw failAfter(records, written, "standard output is closed or failing: the records were not printed", null);
                }
                written = i;
            }
            chunk.write(bytes, 0, bytes.length);
            chunk.write(NEWLINE, 0, NEWLINE.length);
            lines.add(printed);
        }
        if (!flush(out, chunk)) {
            throw failAfter(records, written, "standard output is closed or failing: the records were not printed", null);
        }
        exchange.setProperty(PRINTED_PROPERTY, lines);
    }

    private Expression format(Exchange exchange) {
        String format = exchange.getProperty(FORMAT_PROPERTY, String.class);
        if (format == null) {
            throw new IllegalStateException("The consumer route sets no " + FORMAT_PROPERTY + " property: the line to print");
        }
        return formats.computeIfAbsent(format, f -> {
            Expression expression = exchange.getContext().resolveLanguage("simple").createExpression(f);
            expression.init(exchange.getContext());
            return expression;
        });
    }

    /** Writes the chunk and flushes it; false when standard output failed (now or before). */
    private static boolean flush(PrintStream out, ByteArrayOutputStream chunk) {
        if (chunk.size() > 0) {
            out.write(chunk.toByteArray(), 0, chunk.size());
            chunk.reset();
        }
        return !out.checkError(); // flushes, then tells whether any write failed (a failure stays reported)
    }

    /** Commits the records printed before the failure, then fails the poll from the first record not printed. */
    private static IllegalStateException failAfter(List<Exchange> records, int printed, String reason, Exception cause) {
        PollCommit.commit(records.subList(0, printed));
        return new IllegalStateException(reason, cause);
    }
}
