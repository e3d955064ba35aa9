package riderupdates.observe;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.admin.TopicAdmin;
import riderupdates.producer.IngestCounts;

/**
 * The product's own metrics, next to Camel's route metrics on /observe/metrics:
 * {@code rider_records_total{route,outcome}} (lines published, rejected, failed per input route) and
 * {@code rider_consumer_lag{group}} (records of the topic a group has not committed yet, asked of Kafka at
 * each scrape, at most once a second).
 */
public final class RiderMetrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RiderMetrics.class);
    private static final long LAG_CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final TopicAdmin admin;
    private final String topic;
    private final Map<String, long[]> lagCache = new HashMap<>();

    public RiderMetrics(MeterRegistry registry, IngestCounts counts, List<String> groups, String topic, String bootstrap,
                 Map<String, String> clientProperties) {
        this.topic = topic;
        for (String route : List.of(IngestCounts.STDIN_ROUTE, IngestCounts.INBOX_ROUTE)) {
            for (IngestCounts.Outcome outcome : IngestCounts.Outcome.values()) {
                FunctionCounter.builder("rider.records", counts, c -> c.total(route, outcome))
                        .description("Input lines by what became of them")
                        .tag("route", route).tag("outcome", outcome.label())
                        .register(registry);
            }
        }
        this.admin = groups.isEmpty() ? null : new TopicAdmin(bootstrap, Duration.ofSeconds(5), clientProperties);
        for (String group : groups) {
            Gauge.builder("rider.consumer.lag", () -> lag(group))
                    .description("Records of the topic not yet printed and committed by the group")
                    .tag("group", group).register(registry);
        }
    }

    private synchronized double lag(String group) {
        long[] cached = lagCache.get(group);
        if (cached != null && System.nanoTime() - cached[1] < LAG_CACHE_NANOS) {
            return cached[0];
        }
        try {
            Map<Integer, Long> committed = admin.committedOffsets(group, topic);
            long lag = admin.endOffsets(topic).entrySet().stream()
                    .mapToLong(end -> end.getValue() - committed.getOrDefault(end.getKey(), 0L))
                    .sum();
            lagCache.put(group, new long[] {lag, System.nanoTime()});
            return lag;
        } catch (KafkaException e) {
            LOG.debug("Consumer lag of group {} unknown: {}", group, e.getMessage());
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
