package riderupdates.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import riderupdates.producer.RegionPartitioner;
import riderupdates.producer.RiderLineParser;
import riderupdates.producer.RiderUpdate;

/**
 * The baselines: the same job done with the plain Kafka clients, no Camel. The producer validates, marshals
 * and partitions each line with the very classes the routes use, so the difference measured is the Camel
 * layer; the consumer prints each record in the routes' format, a flush per line as stdout gets.
 */
final class RawClients {

    private RawClients() {
    }

    /** Publishes every line of the file; returns the seconds from the first line read to the last acknowledgement. */
    static double produce(String bootstrap, String topic, Path lines, String key, RegionPartitioner partitioner) throws IOException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        RiderLineParser parser = new RiderLineParser();
        ObjectWriter json = new ObjectMapper().writerFor(RiderUpdate.class);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long started;
        long flushed;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props);
             BufferedReader reader = Files.newBufferedReader(lines, StandardCharsets.UTF_8)) {
            producer.partitionsFor(topic); // metadata first, as the route's producer has it once started
            started = System.nanoTime();
            String line;
            while ((line = reader.readLine()) != null) {
                RiderUpdate update = parser.parse(line, reason -> failure.set(new IllegalStateException(reason)));
                if (update == null) {
                    continue;
                }
                producer.send(new ProducerRecord<>(topic, partitioner.partitionFor(update.location()), key, json.writeValueAsString(update)),
                        (metadata, error) -> {
                            if (error != null) {
                                failure.set(error);
                            }
                        });
            }
            producer.flush();
            flushed = System.nanoTime();
        }
        double seconds = (flushed - started) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("the raw producer failed: " + failure.get().getMessage(), failure.get());
        }
        return seconds;
    }

    /**
     * Reads the topic from the start as a new group, printing each record, committing after each poll's
     * records are printed; returns the seconds from the first record to the last.
     */
    static double consume(String bootstrap, String topic, String group, long records, Path output) throws IOException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        long printed = 0;
        long first = 0;
        long last = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
             PrintStream out = new PrintStream(Files.newOutputStream(output), true, StandardCharsets.UTF_8)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (printed < records) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the raw consumer printed " + printed + " of " + records + " records");
                }
                ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(500));
                if (!polled.isEmpty() && first == 0) {
                    first = System.nanoTime();
                }
                for (ConsumerRecord<String, String> record : polled) {
                    out.println(group + ": [" + record.topic() + "]: PART:" + record.partition() + ": " + record.value());
                    printed++;
                }
                last = System.nanoTime();
                if (!polled.isEmpty()) {
                    consumer.commitAsync();
                }
            }
            consumer.commitSync();
        }
        return (last - first) / 1e9;
    }
}
