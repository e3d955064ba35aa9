package riderupdates.web;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A Server-Sent Events client over java.net.http: each event (or comment) lands in a queue with its arrival time. */
final class SseClient implements AutoCloseable {

    /** An event ({@code event:} and {@code data:} lines), a {@code retry:}, or a {@code :} comment. */
    record Event(String name, String data, long arrivedNanos) {
    }

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicLong positions = new AtomicLong();
    private final Thread reader;
    private final boolean keepEvents;
    private volatile boolean ended;

    private SseClient(HttpResponse<InputStream> response, boolean keepEvents) {
        this.response = response;
        this.keepEvents = keepEvents;
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    static SseClient open(HttpClient http, String url, Map<String, String> headers) throws Exception {
        return open(http, url, headers, true);
    }

    /** With {@code keepEvents} false only position events are counted (the load measurement). */
    static SseClient open(HttpClient http, String url, Map<String, String> headers, boolean keepEvents) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        return new SseClient(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()), keepEvents);
    }

    int status() {
        return response.statusCode();
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    /** The next event with a name (snapshot, position), skipping retry and comments; null after the timeout. */
    Event next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null || event.name() != null && !event.name().startsWith(":") && !event.name().equals("retry")) {
                return event;
            }
        }
    }

    /** The next line of any kind: retry, a comment (name ":"), or an event. */
    Event nextAny(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    long positions() {
        return positions.get();
    }

    boolean ended() {
        return ended;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (name != null || data.length() > 0) {
                        deliver(name == null ? "message" : name, data.toString());
                    }
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    deliver(":", line.substring(1).trim());
                } else if (line.startsWith("retry:")) {
                    deliver("retry", line.substring(6).trim());
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).stripLeading());
                }
            }
        } catch (Exception e) {
            // closed
        } finally {
            ended = true;
        }
    }

    private void deliver(String name, String data) {
        if ("position".equals(name)) {
            positions.incrementAndGet();
        }
        if (keepEvents) {
            events.add(new Event(name, data, System.nanoTime()));
        }
    }

    @Override
    public void close() throws Exception {
        response.body().close();
        reader.interrupt();
    }
}
