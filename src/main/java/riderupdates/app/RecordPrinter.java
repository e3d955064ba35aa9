package riderupdates.app;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints the message body as one line on standard output, as camel-stream's {@code stream:out} does, but
 * through {@code System.out}'s own writer: {@code stream:out} makes a new buffered writer and encoder for
 * every message, which cost the consumer route a quarter of its time. Each line is flushed before the
 * route goes on, so an offset is committed only after its line was written.
 *
 * <p>{@code System.out} never throws: a line it could not write (the reader went away, as {@code consume | head}
 * does once head has its lines; a full disk) only shows in {@link PrintStream#checkError()}. Such a record fails
 * its exchange, so the consumer route (breakOnFirstError) commits no offset past the last line written, and the
 * application stops: with nowhere to print, every later record would fail the same way.
 */
public final class RecordPrinter implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordPrinter.class);

    private final AtomicBoolean stopping = new AtomicBoolean();

    @Override
    public void process(Exchange exchange) {
        PrintStream out = System.out; // looked up each time: whoever set System.out last gets the lines
        out.println(exchange.getMessage().getBody(String.class));
        if (out.checkError()) { // flushes, then tells whether any write failed (a failure stays reported)
            stop(exchange.getContext());
            throw new IllegalStateException("standard output is closed or failing: the record was not printed");
        }
    }

    /** Stops Camel, once, from a thread of its own: a route cannot wait for its own exchange to finish. */
    private void stop(CamelContext context) {
        if (stopping.compareAndSet(false, true)) {
            LOG.error("rider: standard output is closed or failing: stopping. The group's offsets are committed up to "
                    + "the last record printed; it prints the rest when started again.");
            Thread stopper = new Thread(context::stop, "rider-stdout-closed");
            stopper.setDaemon(true);
            stopper.start();
        }
    }
}
