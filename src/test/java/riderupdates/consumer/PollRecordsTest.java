package riderupdates.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PollRecordsTest {

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void theLastRecordOfEachPartitionAndWhereEachGoesOn() {
        List<Exchange> poll = List.of(record(0, 40), record(0, 41), record(1, 7), record(1, 8), record(1, 9), record(2, 3));
        Map<Integer, Exchange> last = PollRecords.lastOfEachPartition(poll);
        assertEquals(List.of(0, 1, 2), List.copyOf(last.keySet()));
        assertSame(poll.get(1), last.get(0));
        assertSame(poll.get(4), last.get(1));
        assertSame(poll.get(5), last.get(2));
        assertEquals(Map.of(0, 42L, 1, 10L, 2, 4L), PollRecords.nextOffsets(poll));
    }

    @Test
    void aPartitionThatComesBackIsStillItsLastRecord() {
        List<Exchange> poll = List.of(record(0, 1), record(1, 5), record(0, 2));
        assertSame(poll.get(2), PollRecords.lastOfEachPartition(poll).get(0));
        assertEquals(Map.of(0, 3L, 1, 6L), PollRecords.nextOffsets(poll));
        assertEquals(Map.of(), PollRecords.nextOffsets(List.of()));
    }

    private Exchange record(int partition, long offset) {
        Exchange record = new DefaultExchange(context);
        record.getMessage().setHeader(KafkaConstants.PARTITION, partition);
        record.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        return record;
    }
}
