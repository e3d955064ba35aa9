package riderupdates.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import org.junit.jupiter.api.extension.ExtendWith;
import riderupdates.app.RiderApplication;
import riderupdates.app.RoutesLocation.Role;
import riderupdates.support.KafkaRecords;
import riderupdates.support.SharedKafkaBroker;
import riderupdates.support.TestApplications;

/**
 * The live page in Debian's headless Chromium (apt packages chromium and chromium-driver; .ci/run installs them),
 * on the whole product: lines typed into stdin, published to Kafka, stored by the store route, streamed to the page.
 * It shows tony under north, then moves him to south without a reload once that is stored, and the counts follow.
 * Skipped, saying why, where no Chromium is installed.
 */
@ExtendWith(SharedKafkaBroker.class)
class LivePageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration MOVE_WITHIN = Duration.ofSeconds(1);
    private static final Path SCREENSHOT = Path.of("target", "live-page.png");

    private static RiderApplication app;
    private static int port;
    private static WebDriver browser;

    @BeforeAll
    static void start(@TempDir Path profile) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM + " (apt-get install chromium chromium-driver)");
        assumeTrue(Files.isExecutable(CHROMEDRIVER), "no chromedriver at " + CHROMEDRIVER + " (apt-get install chromium-driver)");
        // the whole product: stdin producer, Kafka, the store route into the embedded PostgreSQL, the live view
        String topic = KafkaRecords.uniqueTopic("live-page");
        Map<String, String> settings = TestApplications.topic(topic);
        settings.put("rider.store.dlq-topic", topic + ".store-dlq");
        settings.put("rider.store.group", "store-" + topic);
        port = WebTestSupport.freePort();
        settings.put("rider.web.port", Integer.toString(port));
        app = TestApplications.start(settings, Set.of(Role.STDIN, Role.PUBLISH, Role.STORE, Role.WEB), List.of());
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

    /** Types "NAME LOCATION" into the application's stdin, as a user would, and returns once Kafka has it. */
    private static void riderIs(String name, String location) {
        TestApplications.sendLines(app, name + " " + location);
    }

    @Test
    void showsTonyUnderNorthThenMovesHimToSouthWithoutAReload() throws Exception {
        riderIs("asha", "north");
        riderIs("kim", "south");
        riderIs("tony", "north");
        browser.get("http://127.0.0.1:" + port + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(10));
        wait.until(b -> rider("north", "tony").size() == 1 && rider("south", "kim").size() == 1
                && rider("north", "asha").size() == 1 && status().equals("live"));
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
        System.out.printf("FIGURES live page: tony moved on the page %d ms after Kafka took his typed line; screenshot %s%n",
                movedMillis, SCREENSHOT);
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
