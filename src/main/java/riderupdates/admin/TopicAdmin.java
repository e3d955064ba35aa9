package riderupdates.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the topic exists with the partitions the region map needs, through Kafka's {@link Admin} client.
 * Idempotent: an existing topic with enough partitions is left as it is.
 */
public final class TopicAdmin implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    private final Admin admin;
    private final Duration timeout;

    public TopicAdmin(String bootstrapServers, Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "rider-updates-admin");
        this.admin = Admin.create(props);
        this.timeout = timeout;
    }

    /** What {@link #ensureTopic} found or did. */
    public enum Outcome { CREATED, EXISTS }

    /**
     * Creates the topic, or checks the existing one.
     *
     * @param partitions        partitions for a new topic
     * @param replicationFactor replicas for a new topic
     * @param requiredPartitions the fewest partitions the topic may have (the highest partition the region map names, plus one)
     * @throws TopicLayoutException when an existing topic has fewer partitions than required
     */
    public Outcome ensureTopic(String topic, int partitions, short replicationFactor, int requiredPartitions) {
        if (partitions < requiredPartitions) {
            throw new TopicLayoutException("rider.partitions=" + partitions + " is too few: the region map sends records to partition "
                    + (requiredPartitions - 1) + ", so topic '" + topic + "' needs at least " + requiredPartitions + " partitions");
        }
        Outcome outcome;
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor))).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created topic '{}' with {} partitions, replication factor {}", topic, partitions, replicationFactor);
            outcome = Outcome.CREATED;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
            }
            outcome = Outcome.EXISTS;
        } catch (TimeoutException e) {
            throw new IllegalStateException("No Kafka broker answered within " + timeout.toSeconds() + " s while creating topic '" + topic + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic '" + topic + "'", e);
        }
        int actual = partitionCount(topic);
        if (actual < requiredPartitions) {
            throw new TopicLayoutException("Topic '" + topic + "' exists with " + actual + " partition(s), but the region map sends records to partition "
                    + (requiredPartitions - 1) + ": it needs at least " + requiredPartitions + ". Add partitions "
                    + "(kafka-topics.sh --alter --partitions " + requiredPartitions + ") or change rider.regions.*");
        }
        if (outcome == Outcome.EXISTS) {
            LOG.info("Topic '{}' exists with {} partitions", topic, actual);
        }
        return outcome;
    }

    /** The number of partitions of an existing topic. */
    public int partitionCount(String topic) {
        return describe(topic).partitions().size();
    }

    /** The offset the next record of each partition will get: everything produced so far lies below it. */
    public Map<Integer, Long> endOffsets(String topic) {
        Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
        describe(topic).partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<Integer, Long> ends = new java.util.TreeMap<>();
        get(admin.listOffsets(request).all(), "list the end offsets of '" + topic + "'")
                .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
        return ends;
    }

    private TopicDescription describe(String topic) {
        return get(admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic '" + topic + "'").get(topic);
    }

    private <T> T get(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("No Kafka broker answered within " + timeout.toSeconds() + " s to " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + what, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
