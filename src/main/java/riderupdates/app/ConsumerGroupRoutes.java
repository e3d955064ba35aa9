package riderupdates.app;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * One route per consumer group, each from the YAML route template {@code rider-updates-consumer}: the
 * Java equivalent of a {@code templatedRoute} per group, for groups named at run time.
 */
public final class ConsumerGroupRoutes extends MainListenerSupport {

    public static final String TEMPLATE_ID = "rider-updates-consumer";
    /** The template's parameter naming the group. */
    public static final String GROUP_PARAMETER = "groupId";

    private final List<String> groups;

    public ConsumerGroupRoutes(List<String> groups) {
        this.groups = List.copyOf(groups);
    }

    public static String routeId(String group) {
        return "consume-" + group;
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        addRoutes(main.getCamelContext());
    }

    /** Makes every group's route again from the template, after the template changed (--watch). */
    public void remakeRoutes(CamelContext context) {
        for (String group : groups) {
            try {
                if (context.getRoute(routeId(group)) != null) {
                    context.getRouteController().stopRoute(routeId(group));
                    context.removeRoute(routeId(group));
                }
            } catch (Exception e) {
                throw new IllegalStateException("Could not stop the consumer route of group '" + group + "': " + e.getMessage(), e);
            }
        }
        addRoutes(context);
    }

    private void addRoutes(CamelContext context) {
        for (String group : groups) {
            try {
                context.addRouteFromTemplate(routeId(group), TEMPLATE_ID, Map.of(GROUP_PARAMETER, group));
            } catch (Exception e) {
                throw new IllegalStateException("Could not create the consumer route of group '" + group
                        + "' from route template '" + TEMPLATE_ID + "': " + e.getMessage(), e);
            }
        }
    }
}
