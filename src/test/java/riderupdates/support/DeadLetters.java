package riderupdates.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Checks what reached a topic and its dead-letter topic against the {@link Corpus}. */
public final class DeadLetters {

    private DeadLetters() {
    }

    public static void assertCorpusOutcome(String bootstrap, String topic, String dlqTopic, String source) {
        List<ConsumerRecord<String, String>> published = KafkaRecords.readAll(bootstrap, topic, Corpus.publishedValues().size(), Duration.ofSeconds(20));
        assertEquals(Corpus.publishedValues().size(), published.size(), "published records");
        // partition by partition, in input order, each with the tutorial's key
        for (int partition : List.of(0, 1)) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < Corpus.publishedValues().size(); i++) {
                if (Corpus.publishedPartitions().get(i) == partition) {
                    expected.add("location-update " + Corpus.publishedValues().get(i));
                }
            }
            int p = partition;
            assertEquals(expected, published.stream().filter(r -> r.partition() == p).map(r -> r.key() + " " + r.value()).toList(),
                    "partition " + partition);
        }

        List<ConsumerRecord<String, String>> rejected = KafkaRecords.readAll(bootstrap, dlqTopic, Corpus.rejectedReasons().size(), Duration.ofSeconds(20));
        assertEquals(Corpus.rejectedReasons().size(), rejected.size(), "dead letters");
        for (int i = 0; i < rejected.size(); i++) {
            ConsumerRecord<String, String> letter = rejected.get(i);
            assertEquals(source, header(letter, "source"));
            assertEquals(String.valueOf(Corpus.rejectedLineNumbers().get(i)), header(letter, "line"));
            String reason = header(letter, "reason");
            assertTrue(reason.startsWith(Corpus.rejectedReasons().get(i)), "reason '" + reason + "' should start with '"
                    + Corpus.rejectedReasons().get(i) + "'");
            // the dead letter keeps the line as read, whole
            assertEquals(Corpus.rejectedTexts().get(i), letter.value(), "dead letter of line " + header(letter, "line"));
        }
    }

    /** Every line of a binary input was set aside: one dead letter per rejected line, in line order, each with a reason. */
    public static void assertAllRejected(String bootstrap, String dlqTopic, String source, long rejectedLines) {
        List<ConsumerRecord<String, String>> letters = KafkaRecords.readAll(bootstrap, dlqTopic, (int) rejectedLines, Duration.ofSeconds(20));
        assertEquals(rejectedLines, letters.size(), "dead letters");
        long previousLine = 0;
        for (ConsumerRecord<String, String> letter : letters) {
            assertEquals(source, header(letter, "source"));
            long line = Long.parseLong(header(letter, "line"));
            assertTrue(line > previousLine, "line " + line + " after " + previousLine);
            previousLine = line;
            assertFalse(header(letter, "reason").isBlank(), "no reason for line " + line);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
