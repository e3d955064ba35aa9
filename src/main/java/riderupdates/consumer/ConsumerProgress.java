package riderupdates.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Follows how far each consumer group's route has got: for every partition, the offset after the last
 * record the route finished with. Lets {@code run} wait until every group has logged every record.
 * <p>
 * A route policy on the consumer routes only, not an event notifier: with any event notifier Camel raises
 * events for every exchange of every route, a cost the consumer route paid on every record.
 */
public final class ConsumerProgress implements RoutePolicyFactory {

    private final Map<String, Map<Integer, Long>> nextOffsets = new ConcurrentHashMap<>();

    /**
     * Follows every route made from the consumer template, whoever made it: a group named by --group or
     * rider.groups, or a {@code templatedRoute} a user added in YAML.
     */
    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        String group = ConsumerGroupRoutes.groupOf(route);
        if (group == null) {
            return null;
        }
        // a remade route (--watch) goes on from where the group's last one got
        Map<Integer, Long> reached = nextOffsets.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
        return new RoutePolicySupport() {
            @Override
            public void onExchangeDone(Route route, Exchange exchange) {
                if (!exchange.isFailed()) {
                    finished(reached, exchange);
                }
            }
        };
    }

    /** A poll's records (or one record's, in streaming mode) are done. */
    private static void finished(Map<Integer, Long> reached, Exchange exchange) {
        PollRecords.nextOffsets(PollRecords.of(exchange)).forEach((partition, next) -> reached.merge(partition, next, Math::max));
    }

    /** The groups whose routes are followed, in name order. */
    public SortedSet<String> groups() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(nextOffsets.keySet()));
    }

    /**
     * What a group had already printed before this run: its committed offsets. A group that resumes there
     * prints nothing below them, yet has reached them.
     */
    public void seed(String group, Map<Integer, Long> committedOffsets) {
        Map<Integer, Long> reached = nextOffsets.get(group);
        if (reached != null) {
            committedOffsets.forEach((partition, offset) -> reached.merge(partition, offset, Math::max));
        }
    }

    /** The groups that have not yet reached the given end offsets (partition to offset). */
    public List<String> groupsBehind(Map<Integer, Long> endOffsets) {
        List<String> behind = new ArrayList<>();
        nextOffsets.forEach((group, reached) -> {
            boolean done = endOffsets.entrySet().stream()
                    .allMatch(end -> reached.getOrDefault(end.getKey(), 0L) >= end.getValue());
            if (!done) {
                behind.add(group + " at " + new TreeMap<>(reached));
            }
        });
        return behind;
    }

    /**
     * Waits until every group has reached the end offsets, or the time runs out, or {@code stop} says so.
     *
     * @return the groups still behind when the time ran out, empty when all arrived
     */
    public List<String> awaitReached(Map<Integer, Long> endOffsets, Duration timeout, BooleanSupplier stop) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> behind = groupsBehind(endOffsets);
        while (!behind.isEmpty() && System.nanoTime() < deadline && !stop.getAsBoolean()) {
            Thread.sleep(20);
            behind = groupsBehind(endOffsets);
        }
        return behind;
    }
}
