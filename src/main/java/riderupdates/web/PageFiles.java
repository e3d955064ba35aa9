package riderupdates.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The live page: {@code index.html}, {@code app.js} and {@code app.css} from the jar's {@code web/} folder, read once
 * and served from memory by name. (Not Camel's static serving: it would first look for the requested path in the
 * working directory, so any file there would be served.) {@code unlock.html} is the 401 answer a browser gets for the
 * page while it has no token: it asks for it, then loads the page's three files with it.
 */
final class PageFiles {

    private static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record File(Buffer content, String type) {
    }

    private final Map<String, File> files;
    private final Buffer unlock;
    private final String unlockPolicy;

    private PageFiles(Map<String, File> files, Buffer unlock, String unlockPolicy) {
        this.files = files;
        this.unlock = unlock;
        this.unlockPolicy = unlockPolicy;
    }

    static PageFiles load() {
        File index = new File(read("index.html"), "text/html; charset=utf-8");
        String unlockHtml = read("unlock.html").toString(StandardCharsets.UTF_8);
        // the unlock page's own inline script and style, allowed by their hashes; the page it loads, as blob: URLs
        String policy = "default-src 'none'; script-src " + hashes(unlockHtml, "script") + " blob:; style-src "
                + hashes(unlockHtml, "style") + " blob:; connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
                + "form-action 'none'; frame-ancestors 'none'";
        return new PageFiles(Map.of(
                "/", index,
                "/index.html", index,
                "/app.js", new File(read("app.js"), "text/javascript; charset=utf-8"),
                "/app.css", new File(read("app.css"), "text/css; charset=utf-8")),
                Buffer.buffer(unlockHtml), policy);
    }

    boolean isPagePath(String path) {
        return "/".equals(path) || "/index.html".equals(path);
    }

    void mount(Router router) {
        files.forEach((path, file) -> router.get(path).handler(ctx -> ctx.response()
                .putHeader("Content-Type", file.type())
                .putHeader("Content-Security-Policy", PAGE_POLICY)
                .end(file.content())));
    }

    void sendUnlock(RoutingContext ctx) {
        ctx.response().setStatusCode(401)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", unlockPolicy)
                .end(unlock);
    }

    private static Buffer read(String name) {
        try (InputStream in = PageFiles.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("web/" + name + " is missing from the classpath");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read web/" + name, e);
        }
    }

    /** CSP hashes of every inline {@code <tag>...</tag>} of the document. */
    private static String hashes(String html, String tag) {
        Matcher m = Pattern.compile("<" + tag + ">(.*?)</" + tag + ">", Pattern.DOTALL).matcher(html);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            out.append(out.isEmpty() ? "" : " ").append("'sha256-").append(sha256(m.group(1))).append("'");
        }
        return out.isEmpty() ? "'none'" : out.toString();
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
