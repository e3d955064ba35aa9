package riderupdates.app;

import java.io.PrintStream;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Prints the message body as one line on standard output, as camel-stream's {@code stream:out} does, but
 * through {@code System.out}'s own writer: {@code stream:out} makes a new buffered writer and encoder for
 * every message, which cost the consumer route a quarter of its time. Each line is flushed before the
 * route goes on, so an offset is committed only after its line was written.
 *
 * <p>{@code System.out} never throws: a line it could not write (the reader went away, as {@code consume | head}
 * does once head has its lines; a full disk) only shows in {@link PrintStream#checkError()}. Such a record fails
 * its exchange, and {@link StopOnFailedRecord} stops the application: no offset is committed past the last line
 * written.
 */
public final class RecordPrinter implements Processor {

    @Override
    public void process(Exchange exchange) {
        PrintStream out = System.out; // looked up each time: whoever set System.out last gets the lines
        out.println(exchange.getMessage().getBody(String.class));
        if (out.checkError()) { // flushes, then tells whether any write failed (a failure stays reported)
            throw new IllegalStateException("standard output is closed or failing: the record was not printed");
        }
    }
}
