package riderupdates.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which commits a poll's records make: camel-kafka's commit of each partition's last record, and no other. */
class PollCommitTest {

    private final CamelContext context = new DefaultCamelContext();
    private final List<String> committed = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void eachPartitionIsCommittedUpToItsLastRecord() {
        PollCommit.commit(List.of(record(0, 40), record(0, 41), record(1, 7), record(1, 8), record(0, 42)));
        assertEquals(List.of("0@42", "1@8"), committed);
    }

    @Test
    void nothingToCommitForAnEmptyPoll() {
        PollCommit.commit(List.of());
        assertEquals(List.of(), committed);
    }

    @Test
    void aRouteWithoutManualCommitsCommitsNothingAndSaysWhy() {
        Exchange without = record(1, 9);
        without.getMessage().removeHeader(KafkaConstants.MANUAL_COMMIT);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PollCommit.commit(List.of(record(0, 1), without)));
        assertEquals(true, e.getMessage().contains("allowManualCommit=true"), e.getMessage());
        assertEquals(List.of(), committed, "not one partition committed when another cannot be");
    }

    private Exchange record(int partition, long offset) {
        Exchange record = new DefaultExchange(context);
        record.getMessage().setHeader(KafkaConstants.PARTITION, partition);
        record.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        KafkaManualCommit commit = () -> committed.add(partition + "@" + offset);
        record.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, commit);
        return record;
    }
}
