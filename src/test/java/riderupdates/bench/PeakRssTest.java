package riderupdates.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PeakRssTest {

    @Test
    void thePeakOfARunningProcessIsKeptOnceItExits() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            PeakRss rss = new PeakRss(sleeper);
            long peak = rss.sample();
            // a real process has some resident memory, and far less than a GB for a sleep
            assertTrue(peak > 0 && peak < 1024 * 1024, peak + " kB");
            sleeper.destroy();
            assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS));
            assertEquals(peak, rss.sample(), "a sample after the exit keeps the peak");
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
