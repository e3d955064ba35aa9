package riderupdates.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Checks what reached a topic and its dead-letter topic against the {@link Corpus}. */
public final class DeadLetters {

    private DeadLetters() {
    }

    public static void assertCorpusOutcome(String bootstrap, String topic, String dlqTopic, String source) {
        List<ConsumerRecord<String, String>> published = KafkaRecords.readAll(bootstrap, topic, Corpus.publishedValues().size(), Duration.ofSeconds(20));
        assertEquals(Corpus.publishedValues().stream().sorted().toList(),
                published.stream().map(ConsumerRecord::value).sorted().toList(), "published records");

        List<ConsumerRecord<String, String>> rejected = KafkaRecords.readAll(bootstrap, dlqTopic, Corpus.rejectedReasons().size(), Duration.ofSeconds(20));
        assertEquals(Corpus.rejectedReasons().size(), rejected.size(), "dead letters");
        for (int i = 0; i < rejected.size(); i++) {
            ConsumerRecord<String, String> letter = rejected.get(i);
            assertEquals(source, header(letter, "source"));
            assertEquals(String.valueOf(Corpus.rejectedLineNumbers().get(i)), header(letter, "line"));
            String reason = header(letter, "reason");
            assertTrue(reason.startsWith(Corpus.rejectedReasons().get(i)), "reason '" + reason + "' should start with '"
                    + Corpus.rejectedReasons().get(i) + "'");
        }
        // the dead letter keeps the line as read: the one-word line is there whole
        assertEquals("tony", rejected.get(0).value());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
