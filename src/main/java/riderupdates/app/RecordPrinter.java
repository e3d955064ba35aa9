package riderupdates.app;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Processor;
import riderupdates.consumer.PollRecords;

/**
 * Prints a poll's records on standard output, one line each, in one write: the line of each record is the Simple
 * expression in the exchange property {@value #FORMAT_PROPERTY}, which the consumer template sets, evaluated on
 * that record (so the format is edited in YAML, without a rebuild). The body stays the records (the commit comes
 * next); the lines printed are in the property {@value #PRINTED_PROPERTY}.
 *
 * <p>One write for the poll, not a {@code stream:out} per record: camel-stream makes a new writer and encoder for
 * every message. The write is flushed before the route goes on, so an offset is committed only after its line
 * was written. {@code System.out} never throws: a write it could not make (the reader went away, as
 * {@code consume | head} does once head has its lines; a full disk) only shows in {@link PrintStream#checkError()}.
 * Then the poll fails, and {@link StopOnFailedRecord} stops the application: none of its records is committed.
 */
public final class RecordPrinter implements Processor {

    public static final String FORMAT_PROPERTY = "riderLineFormat";
    public static final String PRINTED_PROPERTY = "riderPrintedLines";

    private final Map<String, Expression> formats = new ConcurrentHashMap<>();

    @Override
    public void process(Exchange exchange) {
        String format = exchange.getProperty(FORMAT_PROPERTY, String.class);
        if (format == null) {
            throw new IllegalStateException("The consumer route sets no " + FORMAT_PROPERTY + " property: the line to print");
        }
        Expression line = formats.computeIfAbsent(format, f -> {
            Expression expression = exchange.getContext().resolveLanguage("simple").createExpression(f);
            expression.init(exchange.getContext());
            return expression;
        });
        List<Exchange> records = PollRecords.of(exchange);
        List<String> lines = new ArrayList<>(records.size());
        StringBuilder text = new StringBuilder(records.size() * 64);
        for (Exchange record : records) {
            String printed;
            try {
                printed = line.evaluate(record, String.class);
            } catch (RuntimeException e) {
                throw new IllegalStateException("the line of the record at partition " + PollRecords.partition(record)
                        + " offset " + PollRecords.offset(record) + " could not be made: " + RiderApplication.rootMessage(e), e);
            }
            lines.add(printed);
            text.append(printed).append(System.lineSeparator());
        }
        PrintStream out = System.out; // looked up each time: whoever set System.out last gets the lines
        // System.out encodes with the default charset (bin/rider sets UTF-8): the same bytes println would write
        byte[] bytes = text.toString().getBytes(Charset.defaultCharset());
        out.write(bytes, 0, bytes.length);
        if (out.checkError()) { // flushes, then tells whether any write failed (a failure stays reported)
            throw new IllegalStateException("standard output is closed or failing: the records were not printed");
        }
        exchange.setProperty(PRINTED_PROPERTY, lines);
    }
}
