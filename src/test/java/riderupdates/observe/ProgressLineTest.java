package riderupdates.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import riderupdates.observe.ProgressLine.Style;
import riderupdates.observe.ProgressLine.Terminals;

class ProgressLineTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void atMostOneWholeLinePerSecondAndOnlyWhileTheCountMoves() {
        ProgressLine line = new ProgressLine(out, false, done::get, nanos::get);
        done.set(500);
        at(400);
        line.tick();
        assertEquals("", text(), "not a second yet");
        at(1000);
        line.tick();
        at(1250);
        done.set(900);
        line.tick();
        at(1500);
        line.tick();
        assertEquals("rider: 500 lines done, 500/s\n", text(), "one line in the first second");
        at(2000);
        line.tick();
        at(3000);
        line.tick();
        line.close();
        assertEquals("rider: 500 lines done, 500/s\nrider: 900 lines done, 400/s\n", text(), "none while the count stands");
    }

    @Test
    void inPlaceItRewritesOneLineAndLeavesTheCursorAtItsStart() {
        ProgressLine line = new ProgressLine(out, true, done::get, nanos::get);
        done.set(12_000);
        at(1000);
        line.tick();
        done.set(12_500);
        at(2000);
        line.tick();
        String shown = text();
        assertEquals("rider: 12,000 lines done, 12,000/s\rrider: 12,500 lines done, 500/s   \r", shown);
        assertFalse(shown.contains("\n"));
        line.close();
        assertTrue(text().endsWith(shown + " ".repeat("rider: 12,000 lines done, 12,000/s".length()) + "\r"),
                "closing blanks the line: " + text());
    }

    @Test
    void autoShowsOnlyOnATerminalStderrThatNothingElseWritesTo() {
        boolean run = true;
        boolean produce = false;
        // bin/rider produce < big.txt, at a terminal
        assertEquals(Style.IN_PLACE, ProgressLine.style("auto", new Terminals(false, true, true), produce));
        // typed input: the "> " prompt is on that terminal
        assertEquals(Style.OFF, ProgressLine.style("auto", new Terminals(true, true, true), produce));
        // bin/rider run < big.txt: the consumer lines go to that terminal
        assertEquals(Style.OFF, ProgressLine.style("auto", new Terminals(false, true, true), run));
        // bin/rider run < big.txt > out.txt
        assertEquals(Style.IN_PLACE, ProgressLine.style("auto", new Terminals(false, true, false), run));
        // stderr to a file or a pipe, or not started by bin/rider
        assertEquals(Style.OFF, ProgressLine.style("auto", new Terminals(false, false, false), produce));
        assertEquals(Style.OFF, ProgressLine.style("auto", Terminals.NONE, run));
    }

    @Test
    void trueAlwaysPrintsWholeLinesAndFalseNothing() {
        for (Terminals terminals : new Terminals[] {Terminals.NONE, new Terminals(true, true, true), new Terminals(false, true, true)}) {
            assertEquals(Style.LINES, ProgressLine.style("true", terminals, true));
            assertEquals(Style.LINES, ProgressLine.style(" TRUE ", terminals, false));
            assertEquals(Style.OFF, ProgressLine.style("false", terminals, false));
        }
        assertNull(ProgressLine.start(Style.OFF, out, done::get));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ProgressLine.style("yes", Terminals.NONE, false));
        assertEquals("rider.progress must be auto, true or false, not 'yes'", error.getMessage());
    }

    private void at(long millis) {
        nanos.set(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
