package riderupdates.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Validates an input line and turns it into a {@link RiderUpdate}. The rules, each failure named in the
 * rejection message:
 * <ul>
 *   <li>a line is at most {@value #MAX_LINE} characters;</li>
 *   <li>it holds valid UTF-8 (a decoding replacement character means it did not) and no control characters
 *       (tabs separate words; a final CR, from CRLF line ends, is dropped);</li>
 *   <li>exactly two whitespace-separated words, rider and location, as the tutorial's {@code line.split(" ")}
 *       expects: a missing location or extra words are rejected rather than guessed at;</li>
 *   <li>a rider name and a location are each at most {@value #MAX_WORD} characters.</li>
 * </ul>
 */
public final class RiderLineParser {

    public static final int MAX_LINE = 4096;
    public static final int MAX_WORD = 64;
    private static final int MAX_QUOTED = 60;
    private static final char REPLACEMENT = '\uFFFD';

    /** The rider update of a valid line, or null after handing the reason the line is invalid to {@code rejected}. */
    public RiderUpdate parse(String line, Consumer<String> rejected) {
        RiderUpdate plain = plainTwoWords(line);
        if (plain != null) {
            return plain;
        }
        String[] words = words(line);
        String reason = rejection(line, words);
        if (reason != null) {
            rejected.accept(reason);
            return null;
        }
        return new RiderUpdate(words[0], words[1]);
    }

    /**
     * The common case in one pass over the line, without the general rules' copies and lists: printable ASCII words
     * separated by spaces or tabs, optionally ending in a CR. Anything else (other characters, a rule broken) gives
     * null, and the general rules decide; for these lines they give the same two words.
     */
    private static RiderUpdate plainTwoWords(String line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        if (end > MAX_LINE) {
            return null;
        }
        int words = 0;
        int riderStart = 0;
        int riderEnd = 0;
        int locationStart = 0;
        int locationEnd = 0;
        boolean inWord = false;
        for (int i = 0; i <= end; i++) {
            char c = i < end ? line.charAt(i) : ' ';
            if (c == ' ' || c == '\t') {
                if (inWord) {
                    inWord = false;
                    if (words == 1) {
                        riderEnd = i;
                    } else {
                        locationEnd = i;
                    }
                }
            } else if (c > ' ' && c < 0x7F) {
                if (!inWord) {
                    inWord = true;
                    if (++words == 1) {
                        riderStart = i;
                    } else if (words == 2) {
                        locationStart = i;
                    } else {
                        return null; // a third word
                    }
                }
            } else {
                return null; // not printable ASCII
            }
        }
        if (words != 2 || riderEnd - riderStart > MAX_WORD || locationEnd - locationStart > MAX_WORD) {
            return null;
        }
        return new RiderUpdate(line.substring(riderStart, riderEnd), line.substring(locationStart, locationEnd));
    }

    /** Why the line is not a valid rider update, or null when it is one. */
    public String rejection(String line) {
        return rejection(line, words(line));
    }

    /**
     * The words of the line: what {@code strip()} and then a split on runs of regex {@code \s} ({@code [ \t\n\x0B\f\r]})
     * give, without a regular expression (a Matcher per line).
     */
    static String[] words(String line) {
        String stripped = withoutCr(line).strip();
        List<String> words = new ArrayList<>(2);
        int start = -1; // of the word being read, if any
        for (int i = 0; i <= stripped.length(); i++) {
            if (i < stripped.length() && !isRegexSpace(stripped.charAt(i))) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0) {
                words.add(stripped.substring(start, i));
                start = -1;
            }
        }
        return words.toArray(new String[0]);
    }

    /** Regex {@code \s} (without UNICODE_CHARACTER_CLASS). */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static String withoutCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String rejection(String line, String[] words) {
        String text = withoutCr(line);
        if (text.length() > MAX_LINE) {
            return "line too long: " + text.length() + " characters (at most " + MAX_LINE + ")";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == REPLACEMENT) {
                return "invalid UTF-8 at column " + (i + 1) + " in " + quote(text);
            }
            if (Character.isISOControl(c) && c != '\t') {
                return String.format("control character U+%04X at column %d in %s", (int) c, i + 1, quote(text));
            }
        }
        if (words.length < 2) {
            return "missing location in " + quote(text);
        }
        if (words.length > 2) {
            return words.length + " words in " + quote(text) + ", expected RIDER LOCATION";
        }
        if (words[0].length() > MAX_WORD) {
            return "rider name too long: " + words[0].length() + " characters (at most " + MAX_WORD + ")";
        }
        if (words[1].length() > MAX_WORD) {
            return "location too long: " + words[1].length() + " characters (at most " + MAX_WORD + ")";
        }
        return null;
    }

    /** The line as shown in a message: stripped, shortened, control characters escaped. */
    private static String quote(String line) {
        String shown = line.strip();
        if (shown.length() > MAX_QUOTED) {
            shown = shown.substring(0, MAX_QUOTED) + "...";
        }
        StringBuilder quoted = new StringBuilder("\"");
        shown.chars().forEach(c -> quoted.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return quoted.append('"').toString();
    }
}
