package riderupdates.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Good and bad input lines, as bytes, with what must become of each: published (the JSON record) or
 * rejected (the reason's start). Shared by the stdin and the inbox tests, so both inputs obey one rule.
 */
public final class Corpus {

    /** One line of the corpus and its fate. */
    public record Line(byte[] bytes, String published, String rejectedFor) {
        boolean isBlank() {
            return published == null && rejectedFor == null;
        }
    }

    public static final List<Line> LINES = List.of(
            good("tony north", "tony", "north"),
            blank(""),
            bad("tony", "missing location in \"tony\""),
            good("asha\tsouth", "asha", "south"),
            good("ravi east\r", "ravi", "east"),
            bad("mary jane north", "3 words in \"mary jane north\""),
            good("Zoë North", "Zoë", "North"),
            good("李雷 south", "李雷", "south"),
            blank("   \t "),
            bad("bad\u0007bell north", "control character U+0007 at column 4"),
            bad("x".repeat(100 * 1024) + " north", "line too long: 102406 characters"),
            badBytes(new byte[] {'b', 'a', 'd', (byte) 0xC3, '(', ' ', 'n', 'o', 'r', 't', 'h'}, "invalid UTF-8 at column 4"),
            bad("r".repeat(65) + " north", "rider name too long: 65 characters"),
            good("  lee   west  ", "lee", "west"));

    private Corpus() {
    }

    /** 64 KiB of random bytes, the same every run: a binary file, or a binary stream on stdin. */
    public static byte[] binary() {
        byte[] binary = new byte[64 * 1024];
        new java.util.Random(42).nextBytes(binary);
        return binary;
    }

    /** The rejected lines as read: decoded as UTF-8, an invalid byte as U+FFFD, a CR at the end dropped. */
    public static List<String> rejectedTexts() {
        return LINES.stream().filter(l -> l.rejectedFor() != null)
                .map(l -> new String(l.bytes(), StandardCharsets.UTF_8)).toList();
    }

    /** The partition of each published value in input order: north (any case) on 0, any other region on 1. */
    public static List<Integer> publishedPartitions() {
        return LINES.stream().filter(l -> l.published() != null)
                .map(l -> l.published().toLowerCase(java.util.Locale.ROOT).contains("\"location\":\"north\"") ? 0 : 1).toList();
    }

    /** The corpus as one input, lines ended by LF; the last line has no newline after it. */
    public static byte[] asInput() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < LINES.size(); i++) {
            out.writeBytes(LINES.get(i).bytes());
            if (i < LINES.size() - 1) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    public static List<String> publishedValues() {
        return LINES.stream().filter(l -> l.published() != null).map(Line::published).toList();
    }

    /** Line numbers (1-based, as in the input) of the rejected lines. */
    public static List<Integer> rejectedLineNumbers() {
        return java.util.stream.IntStream.range(0, LINES.size()).filter(i -> LINES.get(i).rejectedFor() != null)
                .map(i -> i + 1).boxed().toList();
    }

    public static List<String> rejectedReasons() {
        return LINES.stream().filter(l -> l.rejectedFor() != null).map(Line::rejectedFor).toList();
    }

    public static long nonBlank() {
        return LINES.stream().filter(l -> !l.isBlank()).count();
    }

    private static Line good(String text, String name, String location) {
        return new Line(text.getBytes(StandardCharsets.UTF_8), "{\"name\":\"" + name + "\",\"location\":\"" + location + "\"}", null);
    }

    private static Line bad(String text, String reason) {
        return new Line(text.getBytes(StandardCharsets.UTF_8), null, reason);
    }

    private static Line badBytes(byte[] bytes, String reason) {
        return new Line(bytes, null, reason);
    }

    private static Line blank(String text) {
        return new Line(text.getBytes(StandardCharsets.UTF_8), null, null);
    }
}
