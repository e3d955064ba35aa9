package riderupdates.web;

import java.util.List;
import java.util.Optional;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Ordered;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import riderupdates.config.RiderSettings;
import riderupdates.store.StoredPositionsListener;

/**
 * The live view ({@code --web}): the riders' API of {@code routes/web.camel.yaml}, the live stream and the page, on
 * Camel's HTTP server (camel-platform-http-main, Vert.x) at {@code rider.web.host}:{@code rider.web.port}.
 *
 * <h2>Wiring it (RiderApplication)</h2>
 * <pre>{@code
 * // after settings.resolved().forEach(main::addOverrideProperty), so that its server settings win
 * main.bind(LiveView.DATA_SOURCE_BEAN, database.dataSource());          // "riderDb", the store's RiderDatabase
 * LiveView web = LiveView.configure(main, settings);                    // throws when it must not start
 * // include the routes file LiveView.ROUTES_FILE ("web.camel.yaml") in camel.main.routes-include-pattern
 * // and hand the store route web.feed(), the StoredPositionsListener it calls after each commit
 * }</pre>
 * {@code configure} adds the {@code camel.server.*} and {@code camel.rest.component} override properties, binds
 * the beans {@value #FEED_BEAN} (the {@link LiveFeed}) and {@value #JSON_BEAN} (the routes' error bodies), and adds
 * a main listener of its own: nothing else to call. The routes and the snapshot read {@code rider_positions} through
 * the DataSource bound as {@value #DATA_SOURCE_BEAN}.
 *
 * <h2>What it serves</h2>
 * Before the first route starts (and so before any request is answered by one), it mounts on the server's Vert.x
 * router, found as {@code VertxPlatformHttpRouter.lookup(context, getRouterNameFromPort(port))} (the one-argument
 * {@code lookup} looks for port 8080's): the access check in front of everything ({@link WebAccess}), {@code GET
 * /api/stream} ({@link LiveFeed}), the page's files ({@link PageFiles}), and last the JSON 404 (unknown path) and
 * 405 (a known path, another method than GET).
 *
 * <h2>Security</h2>
 * Bound to {@code 127.0.0.1} by default. On any address that is not loopback it refuses to start unless
 * {@code RIDER_WEB_TOKEN} is set (the environment only: {@link RiderSettings#secret}); with a token every request
 * needs {@code Authorization: Bearer TOKEN} (the stream may carry it as {@code ?access_token=}), else 401.
 */
public final class LiveView {

    public static final String ROUTES_FILE = "web.camel.yaml";
    public static final String DATA_SOURCE_BEAN = "riderDb";
    public static final String FEED_BEAN = "liveFeed";
    public static final String JSON_BEAN = "webJson";
    /** The route that answers {@code GET /api/riders}: the stream's snapshot is its answer too */
    static final String LIST_RIDERS = "direct:list-riders";

    private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);
    /** Paths the server answers, each for GET only: any other method there is a 405 */
    private static final List<String> GET_PATHS = List.of("/", "/index.html", "/app.js", "/app.css",
            "/api/riders", "/api/regions", WebAccess.STREAM_PATH);
    private static final String ONE_RIDER = "/api/riders/";

    private final String host;
    private final int configuredPort;
    private final WebAccess access;
    private final PageFiles page;
    private final LiveFeed feed;
    private volatile ProducerTemplate template;
    private volatile int port;

    private LiveView(String host, int configuredPort, Optional<String> token, int clientBufferBytes) {
        this.host = host;
        this.configuredPort = configuredPort;
        this.page = PageFiles.load();
        this.access = new WebAccess(token, page);
        this.feed = new LiveFeed(this::snapshot, clientBufferBytes, LiveFeed.DEFAULT_KEEP_ALIVE);
        this.port = configuredPort;
    }

    /**
     * Prepares camel-main to serve the live view; see the class comment for the wiring.
     *
     * @throws IllegalStateException when {@code rider.web.host} is not a loopback address and no
     *                               {@code RIDER_WEB_TOKEN} is set, or the token is given by -D or a file
     */
    public static LiveView configure(Main main, RiderSettings settings) {
        return configure(main, settings, settings.getInt("rider.web.client-buffer-kib") * 1024);
    }

    /** The same, with another bound on what may wait for one stream client (tests, the load measurement). */
    public static LiveView configure(Main main, RiderSettings settings, int clientBufferBytes) {
        String host = settings.get("rider.web.host");
        int port = settings.getInt("rider.web.port");
        Optional<String> token = settings.secret("rider.web.token");
        if (!WebAccess.isLoopbackAddress(host) && token.isEmpty()) {
            throw new IllegalStateException("The live view refuses to listen on " + host + " without a token: riders' "
                    + "locations are personal data. Set RIDER_WEB_TOKEN (the environment only), or keep rider.web.host "
                    + "at 127.0.0.1");
        }
        LiveView view = new LiveView(host, port, token, clientBufferBytes);
        main.addOverrideProperty("camel.server.enabled", "true");
        main.addOverrideProperty("camel.server.host", host);
        main.addOverrideProperty("camel.server.port", String.valueOf(port));
        main.addOverrideProperty("camel.server.path", "/");
        // the page comes from PageFiles; Camel's static serving would serve the working directory's files too
        main.addOverrideProperty("camel.server.static-enabled", "false");
        // nothing here takes a body: no uploads, and a small bound on what a request may send
        main.addOverrideProperty("camel.server.file-upload-enabled", "false");
        main.addOverrideProperty("camel.server.max-body-size", "65536");
        main.addOverrideProperty("camel.rest.component", "platform-http");
        // the direct: routes stay routes of their own (4.18.0 inlines them into the REST routes by default):
        // the stream's snapshot is direct:list-riders' answer too
        main.addOverrideProperty("camel.rest.inline-routes", "false");
        main.bind(FEED_BEAN, view.feed);
        main.bind(JSON_BEAN, new RiderJson());
        main.addMainListener(view.new Lifecycle());
        return view;
    }

    /** What the store route calls after each commit, with the rows it changed. */
    public StoredPositionsListener feed() {
        return feed;
    }

    /** The live stream itself: its clients and how many were dropped. */
    public LiveFeed liveFeed() {
        return feed;
    }

    /** The port the server listens on (the actual one once started, when {@code rider.web.port} is 0). */
    public int port() {
        return port;
    }

    /** The page's address. */
    public String url() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/";
    }

    public boolean tokenRequired() {
        return access.tokenRequired();
    }

    private String snapshot() {
        ProducerTemplate t = template;
        if (t == null) {
            throw new IllegalStateException("The live view has not started");
        }
        return t.requestBody(LIST_RIDERS, null, String.class);
    }

    /** Mounts everything on the server's router; called once the server is up and before any route starts. */
    private void mount(CamelContext context) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(configuredPort));
        if (router == null) {
            // fail closed: without the router there would be no access check in front of the API
            throw new IllegalStateException("Camel's HTTP server has no Vert.x router for port " + configuredPort
                    + " (camel.server.enabled, camel-platform-http-main)");
        }
        template = context.createProducerTemplate();
        router.route().order(Integer.MIN_VALUE).handler(access::handle);
        router.get(WebAccess.STREAM_PATH).handler(feed::open);
        page.mount(router);
        router.route().order(Integer.MAX_VALUE).handler(LiveView::notFoundOrWrongMethod);
        feed.start(router.vertx());
        if (router.getServer() != null && router.getServer().getServer() != null) {
            port = router.getServer().getServer().actualPort();
        }
    }

    /** Last of all routes: a path the server knows with another method is a 405, anything else a 404, as JSON. */
    private static void notFoundOrWrongMethod(RoutingContext ctx) {
        String path = ctx.request().path();
        boolean known = GET_PATHS.contains(path)
                || (path.startsWith(ONE_RIDER) && path.length() > ONE_RIDER.length()
                    && path.indexOf('/', ONE_RIDER.length()) < 0);
        if (known && !ctx.request().method().equals(HttpMethod.GET)) {
            ctx.response().putHeader("Allow", "GET");
            WebAccess.answer(ctx, 405, ctx.request().method().name() + " is not allowed on " + path + ": GET only");
        } else {
            WebAccess.answer(ctx, 404, "nothing at " + path);
        }
    }

    /** camel-main's hooks: mount when the server has started, before the routes; stop the stream first. */
    private final class Lifecycle extends MainListenerSupport {

        @Override
        public void beforeConfigure(BaseMainSupport main) {
            try {
                main.getCamelContext().addStartupListener(new Mount());
            } catch (Exception e) {
                throw new IllegalStateException("Cannot prepare the live view: " + e.getMessage(), e);
            }
        }

        @Override
        public void afterStart(BaseMainSupport main) {
            LOG.info("Riders live on {}{}", url(), access.tokenRequired() ? " (RIDER_WEB_TOKEN needed)" : "");
        }

        @Override
        public void beforeStop(BaseMainSupport main) {
            feed.stop();
        }
    }

    /**
     * Runs after Camel's own deferred services started, the HTTP server among them (both are ordered last, and
     * Camel's listener was added first), and before any route starts. An exception here stops the start.
     */
    private final class Mount implements StartupListener, Ordered {

        @Override
        public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) {
            if (!alreadyStarted) {
                mount(context);
            }
        }

        @Override
        public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            // mounted while starting
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST;
        }
    }
}
