package riderupdates.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RiderLineParserTest {

    private final RiderLineParser parser = new RiderLineParser();

    @Test
    void theFirstTwoWordsAreRiderAndLocation() {
        assertEquals(new RiderUpdate("tony", "north"), parser.parse("tony north"));
        assertEquals(new RiderUpdate("tony", "north"), parser.parse("  tony \t north  "));
        assertEquals(new RiderUpdate("tony", "north"), parser.parse("tony north\r"));
        assertEquals(new RiderUpdate("tony", "north"), parser.parse("tony north by bike"));
    }

    @Test
    void aLineWithoutALocationIsRejectedWithItsText() {
        InvalidRiderLineException error = assertThrows(InvalidRiderLineException.class, () -> parser.parse("tony"));
        assertEquals("missing location in \"tony\"", error.getMessage());
        assertThrows(InvalidRiderLineException.class, () -> parser.parse(" "));
    }

    @Test
    void blankMeansOnlyWhiteSpace() {
        assertTrue(RiderLineParser.isBlank(" \t\r"));
        assertTrue(RiderLineParser.isBlank(""));
        assertEquals(false, RiderLineParser.isBlank(" x "));
    }
}
