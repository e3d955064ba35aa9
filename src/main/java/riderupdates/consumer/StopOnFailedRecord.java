package riderupdates.consumer;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.config.RootCause;

/**
 * A poll a consumer route could not handle (stdout closed, an edited route that throws) stops the application
 * with a message naming its records. The route's {@code breakOnFirstError} keeps them uncommitted, so the group
 * resumes from it at the next start: nothing is skipped, and a record that keeps failing is not retried in a
 * loop behind the user's back.
 */
public final class StopOnFailedRecord implements RoutePolicyFactory {

    private static final Logger LOG = LoggerFactory.getLogger(StopOnFailedRecord.class);

    private final AtomicBoolean stopping = new AtomicBoolean();

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        String group = ConsumerGroupRoutes.groupOf(route);
        if (group == null) {
            return null;
        }
        return new RoutePolicySupport() {
            @Override
            public void onExchangeDone(Route route, Exchange exchange) {
                if (exchange.isFailed()) {
                    stopOnce(group, exchange);
                }
            }
        };
    }

    /** Stops Camel, once, from a thread of its own: a route cannot wait for its own exchange to finish. */
    private void stopOnce(String group, Exchange exchange) {
        if (stopping.compareAndSet(false, true)) {
            Exception cause = exchange.getException();
            List<Exchange> records = PollRecords.of(exchange);
            LOG.error("rider: group {} could not handle the {} at {}: {}. Stopping: the group's offsets are committed "
                            + "up to the last record it handled, and it goes on from there when started again.",
                    group, records.size() == 1 ? "record" : "poll of " + records.size() + " records", PollRecords.describe(records),
                    cause == null ? "unknown error" : RootCause.message(cause));
            Thread stopper = new Thread(exchange.getContext()::stop, "rider-record-failed");
            stopper.setDaemon(true);
            stopper.start();
        }
    }
}
