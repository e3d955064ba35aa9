package riderupdates.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.FileWatcherResourceReloadStrategy;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.producer.PublishGate;
import riderupdates.config.RootCause;

/**
 * Live reload of the route files ({@code --watch}), safer than Camel's development reload:
 * <ul>
 *   <li>only the changed file's routes are replaced; the others keep running untouched;</li>
 *   <li>a broken edit (YAML error, unknown endpoint, a route that fails to start) is logged with the file
 *       name and line, and the file's last good version is put back, so its routes keep running;</li>
 *   <li>input readers ({@code stdin*.camel.yaml}) are never reloaded while running: a reader blocked in
 *       {@code read()} would swallow the next lines when torn down. Their edits apply at the next start;</li>
 *   <li>after the consumer template changes, every consumer group route is made again from it; each
 *       resumes from its group's committed offsets, not from the start of the topic.</li>
 * </ul>
 * Camel's own file watcher reports the changes; this class decides what to do with them.
 */
public final class RouteReloader {

    private static final Logger LOG = LoggerFactory.getLogger(RouteReloader.class);
    /** Editors save in steps: wait for the file to settle before reading it. */
    private static final long SETTLE_MILLIS = 300;
    /** How long a reload waits for the batch being published (a publish retries up to its delivery timeout). */
    private static final long GATE_TIMEOUT_MILLIS = 70_000;

    private final CamelContext context;
    private final Set<String> watchedFiles;
    private final Set<String> inputFiles;
    private final Set<String> publishingFiles;
    private final Consumer<CamelContext> afterTemplateChange;
    private final PublishGate gate;
    /** A broken version already reported: the watcher often tells of one save twice. */
    private volatile String lastBroken;
    private final Map<String, String> lastGood = new ConcurrentHashMap<>();
    private final AtomicInteger reloads = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile String lastError;

    /**
     * @param watchedFiles        the route files the application loaded
     * @param inputFiles          those of them that read input, never reloaded while running
     * @param publishingFiles     those of them with the routes the inputs send their batches to: replaced
     *                            only between two batches
     * @param afterTemplateChange remakes the routes created from route templates
     * @param gate                holds the inputs' batches back while routes are swapped
     */
    public RouteReloader(CamelContext context, List<Path> watchedFiles, List<Path> inputFiles, List<Path> publishingFiles,
                         Consumer<CamelContext> afterTemplateChange, PublishGate gate) {
        this.context = context;
        this.watchedFiles = watchedFiles.stream().map(RouteReloader::key).collect(Collectors.toSet());
        this.inputFiles = inputFiles.stream().map(RouteReloader::key).collect(Collectors.toSet());
        this.publishingFiles = publishingFiles.stream().map(RouteReloader::key).collect(Collectors.toSet());
        this.afterTemplateChange = afterTemplateChange;
        this.gate = gate;
        watchedFiles.forEach(file -> lastGood.put(key(file), read(file)));
    }

    /** Starts watching the folder with Camel's file watcher. */
    public void watch(Path folder) throws Exception {
        FileWatcherResourceReloadStrategy watcher = new FileWatcherResourceReloadStrategy(folder.toString());
        watcher.setFileFilter(file -> watchedFiles.contains(key(file.toPath())));
        watcher.setResourceReload((name, resource) -> reload(Path.of(name)));
        context.addService(watcher);
        LOG.info("Watching {} for route changes", folder);
    }

    /** Applies the file's current content, or keeps its last good version. */
    synchronized void reload(Path file) {
        String name = file.getFileName().toString();
        sleep(SETTLE_MILLIS);
        String content = read(file);
        String previous = lastGood.get(key(file));
        if (content.equals(previous) || content.equals(lastBroken)) {
            return;
        }
        if (inputFiles.contains(key(file))) {
            LOG.warn("{} changed: input routes are not reloaded while they read (a torn-down reader loses lines); "
                    + "the change applies at the next start", name);
            return;
        }
        if (content.isBlank()) {
            LOG.warn("{} is empty: keeping its routes as they are", name);
            return;
        }
        if (publishingFiles.contains(key(file))) {
            gate.whileClosed(GATE_TIMEOUT_MILLIS, () -> replaceRoutes(file, name, content, previous));
        } else {
            // an input (the inbox) waits for its own batch in flight when Camel stops it: no gate, or it would wait for itself
            replaceRoutes(file, name, content, previous);
        }
    }

    /** Replaces the file's routes with its new content, or puts the last good version back. */
    private void replaceRoutes(Path file, String name, String content, String previous) {
        RoutesLoader loader = PluginHelper.getRoutesLoader(context);
        Set<String> before = routesFrom(name);
        try {
            // Camel keeps an existing route template of the same id: drop the file's templates first
            removeTemplatesFrom(name);
            Set<String> ids = loader.updateRoutes(resource(file, content));
            for (String id : ids) {
                ServiceStatus status = context.getRouteController().getRouteStatus(id);
                if (status != null && !status.isStarted()) {
                    throw new IllegalStateException("route " + id + " did not start (" + status + ")");
                }
            }
            Set<String> dropped = new HashSet<>(before);
            dropped.removeAll(ids);
            for (String id : dropped) {
                context.getRouteController().stopRoute(id);
                context.removeRoute(id);
            }
            if (content.contains("routeTemplate")) {
                afterTemplateChange.accept(context);
            }
            lastGood.put(key(file), content);
            lastBroken = null;
            reloads.incrementAndGet();
            LOG.info("Reloaded {}: routes {}{}", name, ids, dropped.isEmpty() ? "" : ", removed " + dropped);
        } catch (Exception e) {
            lastError = "Reloading " + name + " failed, its routes keep running as they were: "
                    + RouteFileError.describe(name, content, e);
            LOG.error(lastError);
            restore(file, previous, before);
            lastBroken = content;
            failures.incrementAndGet();
        }
    }

    /** Successful reloads so far. */
    public int reloads() {
        return reloads.get();
    }

    /** Failed reloads so far (the file's last good version kept running). */
    public int failures() {
        return failures.get();
    }

    /** The message of the last failed reload, naming the file; null if none failed. */
    public String lastError() {
        return lastError;
    }

    /** Puts the last good version back where the failed update removed its templates or stopped its routes. */
    private void restore(Path file, String previous, Set<String> routeIds) {
        String name = file.getFileName().toString();
        boolean routesIntact = routeIds.stream().allMatch(id -> {
            Route route = context.getRoute(id);
            ServiceStatus status = context.getRouteController().getRouteStatus(id);
            return route != null && status != null && status.isStarted();
        });
        // the update drops the file's templates before parsing the new content
        boolean templatesIntact = !previous.contains("routeTemplate") || !templatesFrom(name).isEmpty();
        if (routesIntact && templatesIntact) {
            return;
        }
        try {
            removeTemplatesFrom(name);
            PluginHelper.getRoutesLoader(context).updateRoutes(resource(file, previous));
            if (!routesIntact && previous.contains("routeTemplate")) {
                afterTemplateChange.accept(context);
            }
            LOG.info("Restored the last good version of {}", file.getFileName());
        } catch (Exception e) {
            LOG.error("Could not restore the last good version of {}: {}", file.getFileName(), RootCause.message(e));
        }
    }

    private void removeTemplatesFrom(String fileName) throws Exception {
        for (RouteTemplateDefinition template : templatesFrom(fileName)) {
            context.removeRouteTemplates(template.getId());
        }
    }

    private List<RouteTemplateDefinition> templatesFrom(String fileName) {
        return ((ModelCamelContext) context).getRouteTemplateDefinitions().stream()
                .filter(template -> template.getResource() != null && template.getResource().getLocation().endsWith(fileName))
                .toList();
    }

    /** The file's own routes; those made from its templates name the template's file too, but are remade apart. */
    private Set<String> routesFrom(String fileName) {
        return context.getRoutes().stream()
                .filter(route -> !route.isCreatedByRouteTemplate())
                .filter(route -> route.getSourceLocation() != null && route.getSourceLocation().contains(fileName))
                .map(Route::getRouteId)
                .collect(Collectors.toSet());
    }

    /** The content as a resource at the file's own location, so Camel matches it to the routes it loaded before. */
    private static Resource resource(Path file, String content) {
        return ResourceHelper.fromString("file:" + file.toAbsolutePath().normalize(), content);
    }

    private static String key(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
