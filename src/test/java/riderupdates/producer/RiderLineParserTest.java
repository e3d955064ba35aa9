package riderupdates.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class RiderLineParserTest {

    private final RiderLineParser parser = new RiderLineParser();

    @Test
    void riderAndLocationAreTheTwoWords() {
        assertEquals(new RiderUpdate("tony", "north"), parse("tony north"));
        assertEquals(new RiderUpdate("tony", "north"), parse("  tony \t north  "));
        assertEquals(new RiderUpdate("tony", "north"), parse("tony north\r"));
        assertEquals(new RiderUpdate("Zoë", "北"), parse("Zoë 北"));
        assertNull(parser.rejection("tony north"));
    }

    @Test
    void everyRuleNamesItsReason() {
        assertEquals("missing location in \"tony\"", parser.rejection("tony"));
        assertEquals("3 words in \"mary jane north\", expected RIDER LOCATION", parser.rejection("mary jane north"));
        assertEquals("control character U+0000 at column 5 in \"tony\\u0000 north\"", parser.rejection("tony\0 north"));
        assertEquals("control character U+000D at column 5 in \"tony\\u000d north\"", parser.rejection("tony\r north"));
        assertEquals("invalid UTF-8 at column 3 in \"to\uFFFDny north\"", parser.rejection("to\uFFFDny north"));
        assertEquals("line too long: 4097 characters (at most 4096)", parser.rejection("a".repeat(4092) + " nort"));
        assertEquals("rider name too long: 65 characters (at most 64)", parser.rejection("a".repeat(65) + " north"));
        assertEquals("location too long: 65 characters (at most 64)", parser.rejection("tony " + "n".repeat(65)));
    }

    @Test
    void parsingAnInvalidLineHandsOverTheReason() {
        List<String> reasons = new ArrayList<>();
        assertNull(parser.parse("tony", reasons::add));
        assertEquals(List.of("missing location in \"tony\""), reasons);
    }

    @Test
    void longLinesAreShortenedInTheMessage() {
        String reason = parser.rejection("x".repeat(100) + "\u0007 north");
        assertTrue(reason.startsWith("control character U+0007 at column 101 in \"" + "x".repeat(60) + "...\""), reason);
    }

    @Test
    void wordsAreWhatStripAndARegexSplitOnWhitespaceGive() {
        Pattern whitespace = Pattern.compile("\\s+");
        for (String line : List.of("", " ", "tony", "tony north", "  tony \t north  ", "tony north\r", "a b c", "a\u000Bb\fc\nd",
                "\u2003tony north\u2003", "tony\u2003north", "tony\u00A0north", "tony\r north", " \t\r", "x  y   z ", "Zoë 北")) {
            String stripped = (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).strip();
            String[] expected = stripped.isEmpty() ? new String[0] : whitespace.split(stripped);
            assertEquals(List.of(expected), List.of(RiderLineParser.words(line)), "words of \"" + line + "\"");
        }
    }

    @Test
    void theOnePassOfPlainLinesAgreesWithTheRules() {
        List<String> lines = new ArrayList<>(List.of("tony north", " tony north ", "tony\tnorth\r", "tony north\r\r", "tony", "tony ",
                "a b c", "tony\u00e9 north", "tony\u0000 north", "tony\u000B north", "tony\r north", "\t\t", "",
                "a".repeat(64) + " " + "b".repeat(64), "a".repeat(65) + " b", "a " + "b".repeat(65), "a".repeat(4092) + " nort",
                // the line-length rule alone: two short words 4096 characters apart, then 4097, then 4096 and a final CR
                "a" + " ".repeat(4094) + "b", "a" + " ".repeat(4095) + "b", "a" + " ".repeat(4094) + "b\r",
                "~x! {y}", "x\u007Fy north"));
        Random random = new Random(13);
        String alphabet = "ab ~\t\r\u00e9\u007F\u0001";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder line = new StringBuilder();
            for (int i = random.nextInt(9); i > 0; i--) {
                line.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            lines.add(line.toString());
        }
        for (String line : lines) {
            String[] words = RiderLineParser.words(line);
            RiderUpdate byTheRules = parser.rejection(line) == null ? new RiderUpdate(words[0], words[1]) : null;
            assertEquals(byTheRules, parser.parse(line, reason -> { }), "\"" + line + "\"");
        }
    }

    /** Parses a line that must be valid. */
    private RiderUpdate parse(String line) {
        return parser.parse(line, reason -> fail("rejected: " + reason));
    }
}
