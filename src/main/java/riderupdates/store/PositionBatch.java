package riderupdates.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import riderupdates.consumer.PollRecords;

/**
 * What SQL cannot say of a poll, for the store route: reads each record's {@code {"name":..,"location":..}},
 * keeps each rider's newest update of the poll (a multi-row upsert that names one rider twice fails in
 * PostgreSQL, and the older one would be overwritten anyway), and hands the upsert its rows as arrays, one element
 * per rider. Records it cannot read become dead letters. After the upsert, tells the listeners what it changed.
 *
 * <p>Headers it sets for {@code sql/upsert-rider-positions.sql}: {@value #NAMES}, {@value #LOCATIONS},
 * {@value #PARTITIONS}, {@value #OFFSETS}, {@value #TIMES} (epoch milliseconds); and the property
 * {@value #REJECTED}: the dead letters (the record's value, with its partition, offset and the reason as headers).
 */
public final class PositionBatch {

    public static final String NAMES = "riderNames";
    public static final String LOCATIONS = "riderLocations";
    public static final String PARTITIONS = "riderPartitions";
    public static final String OFFSETS = "riderOffsets";
    public static final String TIMES = "riderTimes";
    public static final String REJECTED = "riderStoreRejected";
    /** Where the route's upsert puts the rows it changed (camel-sql's outputHeader). */
    public static final String STORED = "riderStored";

    private final ObjectMapper json = new ObjectMapper();
    private final List<StoredPositionsListener> listeners = new CopyOnWriteArrayList<>();

    /** A listener told of every batch of changed positions, after the commit that stored them. */
    public void addListener(StoredPositionsListener listener) {
        listeners.add(listener);
    }

    /** Sets the upsert's arrays (newest update per rider, by name) and the dead letters from the poll's records. */
    public void prepare(Exchange exchange) {
        Map<String, RiderPosition> newest = new TreeMap<>();
        List<Message> rejected = new ArrayList<>(0);
        for (Exchange record : PollRecords.of(exchange)) {
            RiderPosition position;
            try {
                position = read(record);
            } catch (IllegalArgumentException e) {
                rejected.add(deadLetter(exchange, record, e.getMessage()));
                continue;
            }
            newest.merge(position.name(), position, (a, b) -> b.newerThan(a) ? b : a);
        }
        int n = newest.size();
        String[] names = new String[n];
        String[] locations = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        Long[] times = new Long[n];
        int i = 0;
        for (RiderPosition p : newest.values()) {
            names[i] = p.name();
            locations[i] = p.location();
            partitions[i] = p.partition();
            offsets[i] = p.offset();
            times[i] = p.time().toEpochMilli();
            i++;
        }
        Message message = exchange.getMessage();
        message.setHeader(NAMES, names);
        message.setHeader(LOCATIONS, locations);
        message.setHeader(PARTITIONS, partitions);
        message.setHeader(OFFSETS, offsets);
        message.setHeader(TIMES, times);
        exchange.setProperty(REJECTED, rejected);
    }

    /** Tells the listeners the rows the upsert changed ({@value #STORED}): it has returned, so they are committed. */
    public void stored(Exchange exchange) {
        List<?> rows = exchange.getMessage().getHeader(STORED, List.class);
        if (rows == null || rows.isEmpty() || listeners.isEmpty()) {
            return;
        }
        List<RiderPosition> changed = new ArrayList<>(rows.size());
        for (Object row : rows) {
            changed.add(fromRow((Map<?, ?>) row));
        }
        listeners.forEach(listener -> listener.stored(changed));
    }

    private RiderPosition read(Exchange record) {
        Message message = record.getMessage();
        String value = message.getBody(String.class);
        if (value == null) {
            throw new IllegalArgumentException("no value");
        }
        JsonNode update;
        try {
            update = json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (update == null || !update.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String name = text(update, "name");
        String location = text(update, "location");
        Long timestamp = message.getHeader(KafkaConstants.TIMESTAMP, Long.class);
        return new RiderPosition(name, location, PollRecords.partition(record), PollRecords.offset(record),
                Instant.ofEpochMilli(timestamp != null ? timestamp : System.currentTimeMillis()));
    }

    private static String text(JsonNode update, String field) {
        JsonNode node = update.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException("no \"" + field + "\" text");
        }
        return node.asText().trim();
    }

    private static Message deadLetter(Exchange exchange, Exchange record, String reason) {
        Message letter = new DefaultMessage(exchange.getContext());
        letter.setBody(record.getMessage().getBody(String.class));
        letter.setHeader("partition", Integer.toString(PollRecords.partition(record)));
        letter.setHeader("offset", Long.toString(PollRecords.offset(record)));
        letter.setHeader("reason", reason);
        return letter;
    }

    private static RiderPosition fromRow(Map<?, ?> row) {
        return new RiderPosition((String) row.get("name"), (String) row.get("location"),
                ((Number) row.get("kafka_partition")).intValue(), ((Number) row.get("kafka_offset")).longValue(),
                instant(row.get("event_time")));
    }

    private static Instant instant(Object time) {
        if (time instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (time instanceof OffsetDateTime offsetDateTime) {
            return offsetDateTime.toInstant();
        }
        throw new IllegalStateException("event_time of an unexpected type: " + time);
    }
}
