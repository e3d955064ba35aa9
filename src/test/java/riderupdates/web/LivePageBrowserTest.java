package riderupdates.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import riderupdates.web.WebTestSupport.WebApp;

/**
 * The live page in Debian's headless Chromium (apt packages chromium and chromium-driver; .ci/run installs them):
 * it shows tony under north, then moves him to south without a reload once that is stored, and the counts follow.
 * Skipped, saying why, where no Chromium is installed.
 */
class LivePageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration MOVE_WITHIN = Duration.ofSeconds(1);
    private static final Path SCREENSHOT = Path.of("target", "live-page.png");

    private static WebApp app;
    private static WebDriver browser;
    private static long offset;

    @BeforeAll
    static void start(@TempDir Path profile) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM + " (apt-get install chromium chromium-driver)");
        assumeTrue(Files.isExecutable(CHROMEDRIVER), "no chromedriver at " + CHROMEDRIVER + " (apt-get install chromium-driver)");
        WebTestSupport.clearTable();
        app = WebApp.start(Map.of());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1100,800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    /**
     * Makes the rider's latest stored position this location, as the store route does: committed to
     * rider_positions, then reported to the live feed. (Through Kafka: produce "NAME LOCATION" and wait for the store.)
     */
    private static void riderIs(String name, String location) throws Exception {
        app.view().feed().stored(WebTestSupport.store(List.of(
                WebTestSupport.position(name, location, ++offset, Instant.now()))));
    }

    @Test
    void showsTonyUnderNorthThenMovesHimToSouthWithoutAReload() throws Exception {
        riderIs("asha", "north");
        riderIs("kim", "south");
        riderIs("tony", "north");
        browser.get("http://127.0.0.1:" + app.view().port() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(10));
        wait.until(b -> rider("north", "tony").size() == 1 && status().equals("live"));
        assertEquals("2", count("north"));
        assertEquals("1", count("south"));
        WebElement tony = rider("north", "tony").get(0);
        assertEquals("north", tony.findElement(By.className("rider-location")).getText());
        assertTrue(tony.findElement(By.className("rider-ago")).getText().endsWith("s ago"));
        // a mark that a reload would wipe out
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = true;");

        long start = System.nanoTime();
        riderIs("tony", "south");
        new WebDriverWait(browser, MOVE_WITHIN, Duration.ofMillis(10)).until(b -> rider("south", "tony").size() == 1);
        long movedMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(rider("north", "tony").isEmpty());
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.sameDocument === true;"));
        assertEquals("1", count("north"));
        assertEquals("2", count("south"));
        assertTrue(rider("south", "tony").get(0).getAttribute("class").contains("moved"), "the move is highlighted");
        Files.createDirectories(SCREENSHOT.getParent());
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("tony moved on the page %d ms after his move was stored; screenshot %s%n", movedMillis, SCREENSHOT);
    }

    private static List<WebElement> rider(String region, String name) {
        return browser.findElements(By.cssSelector("section.region[data-region='" + region + "'] li.rider[data-name='" + name + "']"));
    }

    private static String count(String region) {
        return browser.findElement(By.cssSelector("section.region[data-region='" + region + "'] .region-count")).getText();
    }

    private static String status() {
        return browser.findElement(By.id("status")).getText();
    }
}
