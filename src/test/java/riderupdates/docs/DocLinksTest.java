package riderupdates.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README is a short front door and every relative link in it and in docs/ leads somewhere: to a file or folder
 * that exists and, where the link names a heading ({@code page.md#heading}), to a heading of that page, by GitHub's
 * anchor rules.
 */
class DocLinksTest {

    static final int README_MAX_CHARS = 12_000;
    static final String MAIN_COMMAND = "printf 'tony south\\ntony north\\nasha north\\n' | bin/rider run --group g1 --group g2";
    static final String TEST_COMMAND = "mvn -B verify";

    /** An inline link or image: {@code [text](target)} or {@code [text](target "title")}. */
    private static final Pattern LINK = Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^(```|~~~)");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    @Test
    void theReadmeIsShortAndHoldsTheTwoCommands() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.length() <= README_MAX_CHARS,
                "README.md has " + readme.length() + " characters, at most " + README_MAX_CHARS + ": move detail to docs/");
        assertTrue(readme.contains(MAIN_COMMAND), "README.md gives the main command: " + MAIN_COMMAND);
        assertTrue(readme.contains(TEST_COMMAND), "README.md gives the command that runs every test: " + TEST_COMMAND);
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            for (String target : links(Files.readString(page))) {
                if (SCHEME.matcher(target).find() || target.startsWith("//")) {
                    continue; // http:, https:, mailto: ... : not this repository's
                }
                checked++;
                String problem = problem(page, target);
                if (problem != null) {
                    broken.add(page + ": (" + target + ") " + problem);
                }
            }
        }
        assertTrue(checked > 20, "the pages link to each other: only " + checked + " relative links found");
        assertEquals(List.of(), broken, "broken relative links");
    }

    @Test
    void anchorsFollowGitHubsRules() {
        assertEquals("secured-clusters-sasl-tls", List.copyOf(anchors("## Secured clusters (SASL, TLS)")).get(0));
        assertEquals("how-latest-is-decided", List.copyOf(anchors("## How \"latest\" is decided")).get(0));
        assertEquals("the-page-get-", List.copyOf(anchors("## The page (`GET /`)")).get(0));
        assertEquals("worked-example-a-region-east-on-partition-2",
                List.copyOf(anchors("### Worked example: a region `east` on partition 2")).get(0));
        assertEquals(List.of("tests", "tests-1"), List.copyOf(anchors("## Tests\ntext\n## Tests\n")));
        assertEquals(List.of("real"), List.copyOf(anchors("```\n# not a heading\n```\n# Real\n")));
    }

    @Test
    void linksInCodeAreNotLinks() {
        assertEquals(List.of("a.md", "b.md#x"),
                links("[a](a.md) `[c](c.md)` and\n```\n[d](d.md)\n```\n![b](b.md#x \"title\")\n"));
    }

    /** README.md and every page of docs/. */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** Why this link of this page leads nowhere, or null when it leads to a file (and heading) that exists. */
    private static String problem(Path page, String target) throws IOException {
        int hash = target.indexOf('#');
        String file = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
        Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
        if (!resolved.startsWith(Path.of("").toAbsolutePath()) && !file.isEmpty()) {
            return "leads out of the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file: " + Path.of("").toAbsolutePath().relativize(resolved.toAbsolutePath());
        }
        if (anchor == null || anchor.isEmpty()) {
            return null;
        }
        if (!resolved.toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        Set<String> anchors = anchors(Files.readString(resolved));
        return anchors.contains(anchor) ? null : "no heading with anchor #" + anchor + " (there are: " + anchors + ")";
    }

    /** The link targets of a Markdown text, outside fenced code blocks and inline code. */
    static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        for (String line : prose(markdown)) {
            Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (link.find()) {
                targets.add(link.group(1));
            }
        }
        return targets;
    }

    /**
     * The anchors GitHub gives the headings of a Markdown text: lower-cased, punctuation dropped (letters, digits,
     * spaces, '-' and '_' kept), spaces to '-'; a repeated anchor gets -1, -2, ...
     */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(markdown)) {
            Matcher heading = HEADING.matcher(line);
            if (!heading.matches()) {
                continue;
            }
            String text = heading.group(1)
                    .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1") // a link in a heading: its text
                    .replace("`", "")
                    .toLowerCase(Locale.ROOT);
            String anchor = text.replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "").replace(' ', '-');
            int count = seen.merge(anchor, 1, Integer::sum);
            anchors.add(count == 1 ? anchor : anchor + "-" + (count - 1));
        }
        return anchors;
    }

    /** The lines of a Markdown text that are not inside a fenced code block. */
    private static List<String> prose(String markdown) {
        List<String> lines = new ArrayList<>();
        String fence = null;
        for (String line : markdown.split("\n", -1)) {
            Matcher opening = FENCE.matcher(line.stripLeading()); // also fences indented in a list item
            if (opening.find()) {
                if (fence == null) {
                    fence = opening.group(1);
                    continue;
                }
                if (line.strip().startsWith(fence)) {
                    fence = null;
                    continue;
                }
            }
            if (fence == null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
