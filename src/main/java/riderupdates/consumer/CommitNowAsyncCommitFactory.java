package riderupdates.consumer;

import org.apache.camel.component.kafka.consumer.CommitManager;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualAsyncCommit;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualAsyncCommitFactory;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * camel-kafka's asynchronous manual commit, made to commit. In 4.18.0 {@code DefaultKafkaManualAsyncCommit.commit()}
 * only records the offset, and in batching mode nothing but a rebalance or a stop sends it (CAMEL-23994, fixed in
 * 4.22): a consumer killed after a million records would print them all again. This commit records the offset and
 * then sends it for that partition, as 4.22 does. It runs on the consumer's own thread (the routes are synchronous
 * up to the commit), so {@code commitAsync} is called where KafkaConsumer allows it, and costs no round trip.
 *
 * <p>Being a {@link DefaultKafkaManualAsyncCommitFactory}, it still gets camel-kafka's asynchronous commit manager,
 * which commits the recorded offsets again when partitions are revoked and when the route stops.
 */
public final class CommitNowAsyncCommitFactory extends DefaultKafkaManualAsyncCommitFactory {

    @Override
    public KafkaManualCommit newInstance(CamelExchangePayload exchange, KafkaRecordPayload record, CommitManager commitManager) {
        return new DefaultKafkaManualAsyncCommit(exchange, record, commitManager) {
            @Override
            public void commit() {
                super.commit();
                commitManager.commit(getPartition());
            }
        };
    }
}
