package riderupdates.consumer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;

/**
 * One route per consumer group, each from the YAML route template {@code rider-updates-consumer}: the
 * Java equivalent of a {@code templatedRoute} per group, for groups named at run time.
 */
public final class ConsumerGroupRoutes extends MainListenerSupport {

    public static final String TEMPLATE_ID = "rider-updates-consumer";
    /** The template's parameter naming the group. */
    public static final String GROUP_PARAMETER = "groupId";

    private final List<String> groups;
    /** The template a route was made from: this one, or another with a group parameter (the store's) */
    private final Function<NamedNode, String> templateOf;

    /** @param templateOf the template a route with a group was made from (--watch remakes it from there) */
    public ConsumerGroupRoutes(List<String> groups, Function<NamedNode, String> templateOf) {
        this.groups = List.copyOf(groups);
        this.templateOf = templateOf;
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
     * Makes every route made from a template again, after a template changed (--watch): the groups named at start,
     * those of any {@code templatedRoute} in YAML, and the store's, each from its own template (templateOf). Each resumes from
     * its group's committed offsets.
     */
    public void remakeRoutes(CamelContext context) {
        Map<String, String> groupByRouteId = new LinkedHashMap<>();
        Map<String, String> templateByRouteId = new LinkedHashMap<>();
        groups.forEach(group -> groupByRouteId.put(routeId(group), group));
        for (RouteDefinition route : List.copyOf(((ModelCamelContext) context).getRouteDefinitions())) {
            String group = groupOf(route);
            if (group != null) {
                groupByRouteId.putIfAbsent(route.getRouteId(), group);
                templateByRouteId.put(route.getRouteId(), templateOf.apply(route));
            }
        }
        groupByRouteId.forEach((routeId, group) -> {
            try {
                if (context.getRoute(routeId) != null) {
                    context.getRouteController().stopRoute(routeId);
                    context.removeRoute(routeId);
                }
            } catch (Exception e) {
                throw new IllegalStateException("Could not stop the route " + routeId + " of group '" + group + "': " + e.getMessage(), e);
            }
            addRoute(context, routeId, templateByRouteId.getOrDefault(routeId, TEMPLATE_ID), group);
        });
    }

    private void addRoutes(CamelContext context) {
        groups.forEach(group -> addRoute(context, routeId(group), TEMPLATE_ID, group));
    }

    private static void addRoute(CamelContext context, String routeId, String templateId, String group) {
        try {
            context.addRouteFromTemplate(routeId, templateId, Map.of(GROUP_PARAMETER, group));
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the route of group '" + group
                    + "' from route template '" + templateId + "': " + e.getMessage(), e);
        }
    }
}
