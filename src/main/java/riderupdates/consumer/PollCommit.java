package riderupdates.consumer;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * Commits a poll's records once the route has done its work with them (printed, stored): the last record of every
 * partition in the poll. Not camel-kafka's {@code kafka.MANUAL_COMMIT} header of the batch exchange, which holds the
 * last record's commit only, and so commits one partition of a poll that spans two.
 *
 * <p>The last step of a consumer route: a record is committed only after every step before it succeeded (at least
 * once). A failed step leaves the whole poll uncommitted.
 */
public final class PollCommit implements Processor {

    @Override
    public void process(Exchange exchange) {
        commit(PollRecords.of(exchange));
    }

    /** Commits these records of a poll: in each partition, up to the last of them. */
    public static void commit(List<Exchange> records) {
        List<KafkaManualCommit> commits = new ArrayList<>(2);
        for (Exchange last : PollRecords.lastOfEachPartition(records).values()) {
            KafkaManualCommit commit = last.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (commit == null) {
                throw new IllegalStateException("The consumer route has no manual commit: it needs allowManualCommit=true "
                        + "and kafkaManualCommitFactory (see routes/consumer.camel.yaml)");
            }
            commits.add(commit);
        }
        commits.forEach(KafkaManualCommit::commit);
    }
}
