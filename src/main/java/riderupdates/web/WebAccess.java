package riderupdates.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may see the riders, checked first for every request on the server (the API, the page, the stream).
 * <ul>
 *   <li>With a token ({@code RIDER_WEB_TOKEN}): a request needs {@code Authorization: Bearer TOKEN}, or else gets
 *       401 and nothing else. The stream alone may carry it as {@code ?access_token=TOKEN} instead, because a
 *       browser's EventSource cannot send headers. Both are compared in constant time.</li>
 *   <li>Without one the server is on a loopback address; a request must then also name a loopback host
 *       ({@code Host: 127.0.0.1:8080}, {@code localhost}, {@code [::1]}), so that a web site whose name was made to
 *       point at 127.0.0.1 (DNS rebinding) cannot read the riders from the user's browser.</li>
 * </ul>
 */
final class WebAccess {

    static final String STREAM_PATH = "/api/stream";
    static final String TOKEN_PARAMETER = "access_token";

    private final byte[] tokenDigest;
    private final PageFiles page;

    /** @param token empty when the server is bound to a loopback address and open to whoever reaches it there */
    WebAccess(Optional<String> token, PageFiles page) {
        this.tokenDigest = token.map(WebAccess::digest).orElse(null);
        this.page = page;
    }

    boolean tokenRequired() {
        return tokenDigest != null;
    }

    /** The first handler of every request: the response's common headers, then let it through or answer it. */
    void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY");
        // riders' locations are personal data: no cache keeps them (set last, whatever a route set)
        ctx.addHeadersEndHandler(v -> response.putHeader("Cache-Control", "no-store"));
        HttpServerRequest request = ctx.request();
        if (tokenDigest == null) {
            if (!loopbackName(request.authority() == null ? null : request.authority().host())) {
                answer(ctx, 403, "this server answers to 127.0.0.1 and localhost only");
                return;
            }
            ctx.next();
            return;
        }
        if (matches(bearer(request.getHeader("Authorization")))
                || (STREAM_PATH.equals(request.path()) && matches(request.getParam(TOKEN_PARAMETER)))) {
            ctx.next();
            return;
        }
        response.putHeader("WWW-Authenticate", "Bearer realm=\"riders\"");
        if (page.isPagePath(request.path()) && acceptsHtml(request)) {
            // a browser opening the page: the small form that asks for the token (no page, no data)
            page.sendUnlock(ctx);
        } else {
            answer(ctx, 401, "a valid token is needed: Authorization: Bearer TOKEN");
        }
    }

    private boolean matches(String given) {
        return given != null && MessageDigest.isEqual(tokenDigest, digest(given));
    }

    private static String bearer(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    private static boolean acceptsHtml(HttpServerRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }

    static void answer(RoutingContext ctx, int status, String error) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(RiderJson.error(error));
    }

    /** A Host header naming the loopback interface by address or as localhost (with or without a port). */
    static boolean loopbackName(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        // only literal addresses: a name is not looked up here
        if (!name.matches("[0-9.]+") && !name.matches("[0-9a-f:]+")) {
            return false;
        }
        return isLoopbackAddress(name);
    }

    /** True when the bind address is loopback: 127.0.0.0/8, ::1 or localhost (a name is resolved). */
    static boolean isLoopbackAddress(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
