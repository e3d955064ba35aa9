package riderupdates.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import riderupdates.store.StoreRoute;

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

    /**
     * The group of a route made from the consumer template (by --group or a templatedRoute) or the store template;
     * null for any other route.
     */
    static String groupOf(NamedNode route) {
        Object group = route instanceof RouteDefinition definition && definition.getTemplateParameters() != null
                ? definition.getTemplateParameters().get(GROUP_PARAMETER) : null;
        return group == null ? null : group.toString();
    }

    /**
     * Makes every route made from the template again, after the template changed (--watch): the groups named at
     * start and those of any {@code templatedRoute} in YAML. Each resumes from its group's committed offsets.
     */
    public void remakeRoutes(CamelContext context) {
        Map<String, String> groupByRouteId = new LinkedHashMap<>();
        groups.forEach(group -> groupByRouteId.put(routeId(group), group));
        for (RouteDefinition route : List.copyOf(((ModelCamelContext) context).getRouteDefinitions())) {
            String group = groupOf(route);
            if (group != null && !StoreRoute.isStoreRoute(route)) {
                groupByRouteId.putIfAbsent(route.getRouteId(), group);
            }
        }
        groupByRouteId.forEach((routeId, group) -> {
            try {
                if (context.getRoute(routeId) != null) {
                    context.getRouteController().stopRoute(routeId);
                    context.removeRoute(routeId);
                }
            } catch (Exception e) {
                throw new IllegalStateException("Could not stop the consumer route of group '" + group + "': " + e.getMessage(), e);
            }
            addRoute(context, routeId, group);
        });
    }

    private void addRoutes(CamelContext context) {
        groups.forEach(group -> addRoute(context, routeId(group), group));
    }

    private static void addRoute(CamelContext context, String routeId, String group) {
        try {
            context.addRouteFromTemplate(routeId, TEMPLATE_ID, Map.of(GROUP_PARAMETER, group));
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the consumer route of group '" + group
                    + "' from route template '" + TEMPLATE_ID + "': " + e.getMessage(), e);
        }
    }
}
