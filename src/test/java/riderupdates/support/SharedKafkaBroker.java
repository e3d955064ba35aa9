package riderupdates.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import riderupdates.broker.EmbeddedKafkaBroker;

/**
 * One real embedded Kafka broker for every test class of the run that uses this extension (started once,
 * stopped when the run ends). Tests keep out of each other's way with topics and groups of their own.
 */
public final class SharedKafkaBroker implements BeforeAllCallback {

    private static EmbeddedKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (SharedKafkaBroker.class) {
            if (broker == null) {
                broker = EmbeddedKafkaBroker.start();
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                        .put(SharedKafkaBroker.class.getName(), (ExtensionContext.Store.CloseableResource) broker::close);
            }
        }
    }

    public static String bootstrapServers() {
        if (broker == null) {
            throw new IllegalStateException("Annotate the test class with @ExtendWith(SharedKafkaBroker.class)");
        }
        return broker.bootstrapServers();
    }
}
