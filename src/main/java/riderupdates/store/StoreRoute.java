package riderupdates.store;

import java.util.Map;

import org.apache.camel.NamedNode;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.RouteDefinition;

/** The store group's route, {@code store-GROUP}, from the YAML route template {@value #TEMPLATE_ID}. */
public final class StoreRoute extends MainListenerSupport {

    public static final String TEMPLATE_ID = "rider-positions-store";
    /** A parameter only the store template has: it tells its routes from the consumer template's. */
    private static final String STORE_PARAMETER = "deadLetterTopic";

    private final String group;

    public StoreRoute(String group) {
        this.group = group;
    }

    public static String routeId(String group) {
        return "store-" + group;
    }

    /** True for a route made from the store template (by the store command, or a templatedRoute in YAML). */
    public static boolean isStoreRoute(NamedNode route) {
        return route instanceof RouteDefinition definition && definition.getTemplateParameters() != null
                && definition.getTemplateParameters().containsKey(STORE_PARAMETER);
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        try {
            main.getCamelContext().addRouteFromTemplate(routeId(group), TEMPLATE_ID, Map.of("groupId", group));
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the store route of group '" + group + "' from route template '"
                    + TEMPLATE_ID + "': " + e.getMessage(), e);
        }
    }
}
