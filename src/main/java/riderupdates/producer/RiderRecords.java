package riderupdates.producer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jackson.JacksonDataFormat;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/**
 * Turns a {@link LineBatch} into what the publishing route sends: one Kafka message per valid line, and one
 * dead letter per invalid line. camel-kafka sends a List body as one record per Message, taking each
 * Message's partition and key headers, so the whole batch goes out in one send.
 *
 * <p>Exchange properties it reads and sets, for the routes:
 * <ul>
 *   <li>reads {@value #KEY}: the record key (the route sets it from {@code rider.key});</li>
 *   <li>sets {@value #REJECTED}: the dead letters (the line as value; source, line and reason as headers,
 *       the source as key), {@value #RECORDS}: the number of records in the body, {@value #IN_FLIGHT}: the
 *       lines not yet published or set aside (records and dead letters), {@value #COUNTED}: the lines were
 *       counted as read, and {@value #LINES}: the batch's line numbers, for messages about the whole batch.</li>
 * </ul>
 */
public final class RiderRecords {

    public static final String KEY = "riderKey";
    public static final String REJECTED = "riderRejected";
    public static final String IN_FLIGHT = "riderInFlight";
    public static final String RECORDS = "riderRecordCount";
    public static final String COUNTED = "riderCounted";
    public static final String LINES = "riderLines";

    private final RiderLineParser parser;
    private final RegionPartitioner partitioner;
    private final IngestCounts counts;
    /**
     * The mapper of camel-jackson's data format (the tutorial's JSON: {"name":..,"location":..}) as one writer, made
     * once: a batch's values go through one JSON generator, one after the other with nothing between them, instead of
     * a data format call and a new generator per line.
     */
    private final ObjectWriter writer = new JacksonDataFormat(new ObjectMapper(), RiderUpdate.class).getObjectMapper()
            .writerFor(RiderUpdate.class).withRootValueSeparator("");

    public RiderRecords(RiderLineParser parser, RegionPartitioner partitioner, IngestCounts counts) {
        this.parser = parser;
        this.partitioner = partitioner;
        this.counts = counts;
    }

    /** Replaces the exchange's LineBatch body with its records, and sets the dead letters aside. */
    public void toRecords(Exchange exchange) throws Exception {
        LineBatch batch = exchange.getMessage().getMandatoryBody(LineBatch.class);
        // the batch's lines are in flight from here: counted as failed if anything fails before they are published
        exchange.setProperty(IN_FLIGHT, batch.lines().size());
        // the records' key and values are UTF-8 bytes, as Kafka sends them (the route's serializers pass them as they are)
        byte[] key = exchange.getProperty(KEY, String.class).getBytes(StandardCharsets.UTF_8);
        List<Message> records = new ArrayList<>(batch.lines().size());
        List<Message> rejected = new ArrayList<>(0);
        ByteArrayOutputStream value = new ByteArrayOutputStream(64);
        long blank = 0;
        String[] reason = new String[1]; // an invalid line's reason, from the one pass of the rules that rejected it
        Consumer<String> keepReason = why -> reason[0] = why;
        try (SequenceWriter sequence = writer.writeValues(value)) {
            for (int i = 0; i < batch.lines().size(); i++) {
                String line = batch.lines().get(i);
                if (line.isBlank()) {
                    blank++;
                    continue;
                }
                RiderUpdate update = parser.parse(line, keepReason);
                if (update == null) {
                    rejected.add(deadLetter(exchange, batch.source(), batch.lineNumber(i), line, reason[0]));
                } else {
                    sequence.write(update).flush();
                    Message record = new DefaultMessage(exchange.getContext());
                    record.setBody(value.toByteArray());
                    value.reset();
                    record.setHeader(KafkaConstants.PARTITION_KEY, partitioner.partitionFor(update.location()));
                    record.setHeader(KafkaConstants.KEY, key);
                    records.add(record);
                }
            }
        }
        counts.blank(batch.source(), blank);
        counts.read(batch.source(), records.size() + rejected.size());
        exchange.setProperty(COUNTED, true);
        exchange.setProperty(REJECTED, rejected);
        exchange.setProperty(RECORDS, records.size());
        // until published: the records and the dead letters (set aside only after the records)
        exchange.setProperty(IN_FLIGHT, records.size() + rejected.size());
        exchange.setProperty(LINES, batch.lineRange());
        exchange.getMessage().setBody(records);
    }

    private static Message deadLetter(Exchange exchange, String source, long lineNumber, String line, String reason) {
        Message letter = new DefaultMessage(exchange.getContext());
        letter.setBody(line);
        letter.setHeader("source", source);
        letter.setHeader("line", Long.toString(lineNumber));
        letter.setHeader("reason", reason);
        letter.setHeader(KafkaConstants.KEY, source);
        return letter;
    }
}
