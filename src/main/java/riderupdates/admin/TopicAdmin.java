package riderupdates.admin;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the topic exists with the partitions the region map needs, through Kafka's {@link Admin} client.
 * Idempotent: an existing topic with enough partitions is left as it is.
 */
public final class TopicAdmin implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    private final Admin admin;
    private final String bootstrapServers;
    private final Duration timeout;

    public TopicAdmin(String bootstrapServers, Duration timeout) {
        this(bootstrapServers, timeout, Map.of());
    }

    /** @param clientProperties extra Kafka client settings, e.g. those of {@code KafkaSecurity} */
    public TopicAdmin(String bootstrapServers, Duration timeout, Map<String, String> clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "rider-updates-admin");
        this.admin = Admin.create(props);
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /** What {@link #ensureTopic} found or did. */
    public enum Outcome { CREATED, EXISTS, GROWN }

    /**
     * Creates the topic, or checks the existing one.
     *
     * @param partitions        partitions for a new topic
     * @param replicationFactor replicas for a new topic
     * @param requiredPartitions the fewest partitions the topic may have (the highest partition the region map names, plus one)
     * @throws TopicLayoutException when an existing topic has fewer partitions than required
     */
    public Outcome ensureTopic(String topic, int partitions, short replicationFactor, int requiredPartitions) {
        return ensureTopic(topic, partitions, replicationFactor, requiredPartitions, false, Map.of());
    }

    /**
     * As {@link #ensureTopic(String, int, short, int)}; with {@code grow}, an existing topic with too few
     * partitions gets more instead of an error (records already written stay where they are).
     */
    public Outcome ensureTopic(String topic, int partitions, short replicationFactor, int requiredPartitions, boolean grow,
                               Map<String, String> configs) {
        Outcome outcome = Outcome.EXISTS;
        if (!get(admin.listTopics().names(), "list the topics").contains(topic)) {
            // rider.partitions only matters for a topic made now; an existing one is checked below
            int toCreate = grow ? Math.max(partitions, requiredPartitions) : partitions;
            if (toCreate < requiredPartitions) {
                throw new TopicLayoutException("rider.partitions=" + partitions + " is too few: the region map sends records to partition "
                        + (requiredPartitions - 1) + ", so topic '" + topic + "' needs at least " + requiredPartitions
                        + " partitions: set rider.partitions=" + requiredPartitions + ", or use --grow");
            }
            try {
                get(admin.createTopics(List.of(new NewTopic(topic, toCreate, replicationFactor).configs(configs))).all(),
                        "create topic '" + topic + "'");
                LOG.info("Created topic '{}' with {} partitions, replication factor {}{}", topic, toCreate, replicationFactor,
                        configs.isEmpty() ? "" : ", " + configs);
                outcome = Outcome.CREATED;
            } catch (KafkaException e) {
                // TopicExistsException: made by someone else in the meantime; it is checked below like any other
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        int actual = partitionCount(topic);
        if (actual < requiredPartitions && grow) {
            get(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(requiredPartitions))).all(),
                    "add partitions to topic '" + topic + "'");
            awaitPartitions(topic, requiredPartitions);
            LOG.info("Grew topic '{}' from {} to {} partitions for the region map", topic, actual, requiredPartitions);
            return Outcome.GROWN;
        }
        if (actual < requiredPartitions) {
            throw new TopicLayoutException("Topic '" + topic + "' exists with " + actual + " partition(s), but the region map sends records to partition "
                    + (requiredPartitions - 1) + ": it needs at least " + requiredPartitions + ". Let admin add them "
                    + "(bin/rider admin --grow) or change rider.regions.*");
        }
        if (outcome == Outcome.EXISTS) {
            LOG.info("Topic '{}' exists with {} partitions", topic, actual);
        }
        return outcome;
    }

    /** How many brokers the cluster has. */
    public int brokerCount() {
        return get(admin.describeCluster().nodes(), "describe the cluster").size();
    }

    /** The number of partitions of an existing topic. */
    public int partitionCount(String topic) {
        return describe(topic).partitions().size();
    }

    /** Waits until the new partitions show in the metadata: the broker asked next may not know them yet. */
    private void awaitPartitions(String topic, int count) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (partitionCount(topic) < count) {
            if (System.nanoTime() > deadline) {
                throw new KafkaException("Topic '" + topic + "' still shows fewer than " + count + " partitions after "
                        + timeout.toSeconds() + " s");
            }
            sleep(100);
        }
    }

    /** Describes a topic; one created a moment ago may take a moment to be known to every broker. */
    private TopicDescription describe(String topic) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return get(admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic '" + topic + "'").get(topic);
            } catch (KafkaException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(100);
            }
        }
    }

    /** The offsets a consumer group has committed on the topic, per partition (none where it committed nothing). */
    public Map<Integer, Long> committedOffsets(String group, String topic) {
        Map<Integer, Long> committed = new TreeMap<>();
        get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "list the offsets of group '" + group + "'")
                .forEach((partition, offset) -> {
                    if (offset != null && partition.topic().equals(topic)) {
                        committed.put(partition.partition(), offset.offset());
                    }
                });
        return committed;
    }

    /** The offset the next record of each partition will get: everything produced so far lies below it. */
    public Map<Integer, Long> endOffsets(String topic) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        describe(topic).partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<Integer, Long> ends = new TreeMap<>();
        get(admin.listOffsets(request).all(), "list the end offsets of '" + topic + "'")
                .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
        return ends;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted", e);
        }
    }

    /** Waits for an admin call; a broker that does not answer in time is named in the error. */
    private <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SslAuthenticationException) {
                throw new KafkaException("The TLS handshake with Kafka at " + bootstrapServers + " failed (does "
                        + "rider.ssl.truststore.location trust the broker's certificate?): " + e.getCause().getMessage(), e.getCause());
            }
            if (e.getCause() instanceof AuthenticationException) {
                throw new KafkaException("Kafka at " + bootstrapServers + " refused the credentials (rider.sasl.username, "
                        + "RIDER_SASL_PASSWORD): " + e.getCause().getMessage(), e.getCause());
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new KafkaException(notAnswered(what), e.getCause());
            }
            throw new KafkaException("Could not " + what + " on " + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException(notAnswered(what), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while trying to " + what, e);
        }
    }

    private String notAnswered(String what) {
        return "No Kafka broker answered at " + bootstrapServers + " within " + timeout.toSeconds() + " s (trying to " + what
                + "). Is a broker running there? Start one with 'bin/rider broker', or name others with --brokers.";
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
