package riderupdates.consumer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * The records of one exchange of a consumer route. In camel-kafka's batching mode the exchange is a whole poll,
 * its body the list of the records' exchanges; an exchange of the (non-batching) streaming mode is one record.
 * The consumer and store routes, and everything that follows them, read records through here, so either mode works.
 */
public final class PollRecords {

    private PollRecords() {
    }

    /** The records of the exchange, in the order polled (per partition: the order written). */
    @SuppressWarnings("unchecked")
    public static List<Exchange> of(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Exchange) {
            return (List<Exchange>) list;
        }
        return exchange.getMessage().getHeader(KafkaConstants.PARTITION) != null ? List.of(exchange) : List.of();
    }

    public static int partition(Exchange record) {
        return record.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class);
    }

    public static long offset(Exchange record) {
        return record.getMessage().getHeader(KafkaConstants.OFFSET, Long.class);
    }

    /** The offset after the last record of each partition: where the group goes on once these records are done. */
    public static Map<Integer, Long> nextOffsets(List<Exchange> records) {
        Map<Integer, Long> next = new LinkedHashMap<>(4);
        lastOfEachPartition(records).forEach((partition, last) -> next.put(partition, offset(last) + 1));
        return next;
    }

    /**
     * The last record of each partition, partitions in the order they first come (a poll holds each partition's
     * records in the order written). camel-kafka sets the partition header as an Integer: read as it is, without
     * {@link #partition}'s type conversion, as this runs for every record of every poll.
     */
    public static Map<Integer, Exchange> lastOfEachPartition(List<Exchange> records) {
        Map<Integer, Exchange> last = new LinkedHashMap<>(4);
        for (Exchange record : records) {
            last.put((Integer) record.getMessage().getHeader(KafkaConstants.PARTITION), record);
        }
        return last;
    }

    /** The records, for a person: {@code partition 0 offsets 4-9, partition 1 offset 2}. */
    public static String describe(List<Exchange> records) {
        Map<Integer, long[]> ranges = new LinkedHashMap<>();
        for (Exchange record : records) {
            long offset = offset(record);
            ranges.merge(partition(record), new long[] {offset, offset},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        StringJoiner joined = new StringJoiner(", ");
        ranges.forEach((partition, range) -> joined.add("partition " + partition
                + (range[0] == range[1] ? " offset " + range[0] : " offsets " + range[0] + "-" + range[1])));
        return joined.toString();
    }
}
