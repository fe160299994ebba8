package com.relance.console;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.relance.meeting.Meeting;
import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.test.Api;
import com.relance.test.CallSequences;
import com.relance.test.Engine;
import com.relance.test.Fixtures;
import com.relance.test.LinkedInSequences;
import com.relance.test.TestLinkedInProvider;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import com.relance.touch.Channel;
import com.relance.touch.Touch;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * A caller works the console in a real browser (headless Chromium): logs in, sees the queue, opens the
 * first call, records "no answer" with a key, lands on the next call, books a meeting.
 */
@RelanceTest
class ConsoleBrowserTests {

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    IdentityService identity;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    Prospects prospects;
    @Autowired
    ManagementService management;
    @Autowired
    TaskService tasks;

    private WebDriver browser;

    @BeforeEach
    void startBrowser() {
        TestUsers.ensure(identity);
        CallSequences.deploy(repository);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1200,900", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aCallerRecordsNoAnswerThenBooksAMeetingWithoutLeavingTheKeyboard() throws Exception {
        String group = "browser" + Long.toString(System.nanoTime(), 36);
        String caller = TestUsers.newCaller(identity, group);
        String campaignId = Fixtures.createCampaign(rest, CallSequences.KEY, group);
        String first = Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("first"), "firstName", "Alice",
                "lastName", "Premier", "company", "First SA", "phone", "06 12 34 56 78", "owner", caller, "locale", "fr"));
        String second = Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("second"), "firstName", "Bruno",
                "lastName", "Second", "company", "Second SARL", "phone", "06 98 76 54 32", "owner", caller, "locale", "fr"));
        Fixtures.enroll(rest, campaignId, List.of(first));
        Fixtures.enroll(rest, campaignId, List.of(second));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));

        // log in and see the queue
        browser.get(url("/console"));
        browser.findElement(By.id("username")).sendKeys(caller);
        browser.findElement(By.id("password")).sendKeys(Api.PASSWORD, Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dueNow")));
        List<String> queued = browser.findElements(By.cssSelector("#dueNow .who")).stream().map(e -> e.getText()).toList();
        assertThat(queued).containsExactlyInAnyOrder("Alice Premier", "Bruno Second");
        screenshot("console-queue.png");

        // open the first call and record "no answer" with key 1
        browser.findElement(By.id("start")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("prospect-name")));
        String firstOpened = browser.findElement(By.id("prospect-name")).getText();
        assertThat(browser.findElement(By.cssSelector(".script")).getText()).isNotBlank();
        screenshot("console-call.png");
        browser.findElement(By.tagName("body")).sendKeys("1");

        // "save and next": the other call opens; book a meeting with key 6 and the date
        wait.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("prospect-name"), firstOpened)));
        String secondOpened = browser.findElement(By.id("prospect-name")).getText();
        assertThat(List.of(firstOpened, secondOpened)).containsExactlyInAnyOrder("Alice Premier", "Bruno Second");
        browser.findElement(By.id("notes")).sendKeys("Demo next week");
        browser.findElement(By.tagName("body")).click();
        browser.findElement(By.tagName("body")).sendKeys("6");
        wait.until(ExpectedConditions.attributeToBe(By.id("at"), "data-pending", "MEETING_BOOKED"));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('at').value = '2030-01-15T10:30'");
        browser.findElement(By.id("at")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("prospect-name"), secondOpened)));
        screenshot("console-after.png");

        // then the first prospect's sequence retries, the second one's ended on the meeting
        String noAnswered = firstOpened.startsWith("Alice") ? first : second;
        String booked = noAnswered.equals(first) ? second : first;
        assertThat(runtime.getActiveActivityIds(runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(campaignId + ":" + noAnswered).singleResult().getId())).containsExactly("retryCall");
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(campaignId + ":" + booked).count()).isZero();
        assertThat(prospects.find(booked).orElseThrow().status()).isEqualTo(ProspectStatus.MEETING_BOOKED);
        Meeting meeting = mongo.findOne(Query.query(where("prospectId").is(booked)), Meeting.class);
        assertThat(meeting.bookedBy()).isEqualTo(caller);
        assertThat(meeting.notes()).isEqualTo("Demo next week");
        assertThat(mongo.find(Query.query(where("prospectId").is(noAnswered).and("channel").is(Channel.CALL)
                .and("outcome").is("NO_ANSWER")), Touch.class)).singleElement()
                .satisfies(touch -> assertThat(touch.caller()).isEqualTo(caller));
    }

    @Test
    void theConsoleSpeaksFrenchWhenAsked() {
        String caller = TestUsers.newCaller(identity, "browserFr" + Long.toString(System.nanoTime(), 36));
        browser.get(url("/console"));
        browser.findElement(By.id("username")).sendKeys(caller);
        browser.findElement(By.id("password")).sendKeys(Api.PASSWORD, Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("dueNow")));
        assertThat(browser.findElement(By.cssSelector("h1")).getText()).isEqualTo("Calls");

        browser.get(url("/console?lang=fr"));
        assertThat(browser.findElement(By.cssSelector("h1")).getText()).isEqualTo("Appels");
        browser.get(url("/console"));
        assertThat(browser.findElement(By.cssSelector("#dueNow h2")).getText()).isEqualTo("À appeler maintenant et en retard");
    }

    @Test
    void aManualLinkedInTaskShowsTheNoteToCopyAndWarnsWhenLinkedInWouldRefuseIt() {
        LinkedInSequences.deploy(repository);
        String group = "browserLi" + Long.toString(System.nanoTime(), 36);
        String caller = TestUsers.newCaller(identity, group);
        // manual mode, the default: no provider call, a task for the owner
        String campaignId = Fixtures.createCampaign(rest, LinkedInSequences.KEY, group);
        String longNote = Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("long"), "firstName", "Ada",
                "company", "C".repeat(200), "owner", caller, "locale", "en"));
        String shortNote = Fixtures.createProspect(rest, Map.of("email", Fixtures.uniqueEmail("short"), "firstName", "Ada",
                "company", "Acme", "owner", caller, "locale", "en"));
        Fixtures.enroll(rest, campaignId, List.of(longNote, shortNote));
        Engine.executeDueJobs(management, runtime, campaignId);

        browser.get(url("/console"));
        browser.findElement(By.id("username")).sendKeys(caller);
        browser.findElement(By.id("password")).sendKeys(Api.PASSWORD, Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("dueNow")));

        browser.get(url("/console/tasks/" + linkedinTask(campaignId, longNote)));
        assertThat(browser.findElement(By.id("message")).getText()).startsWith("Hi Ada, I work with teams like CCC");
        assertThat(browser.findElement(By.id("copy")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("note-too-long")).getText())
                .isEqualTo("This note is 308 characters: LinkedIn refuses connection notes over 300. "
                        + "Shorten it before sending, or send the request without a note.");

        browser.get(url("/console/tasks/" + linkedinTask(campaignId, shortNote)));
        assertThat(browser.findElement(By.id("message")).getText()).startsWith("Hi Ada, I work with teams like Acme");
        assertThat(browser.findElements(By.id("note-too-long"))).isEmpty();
        assertThat(TestLinkedInProvider.server().getAllServeEvents()).noneMatch(event ->
                event.getRequest().getBodyAsString().contains(longNote) || event.getRequest().getBodyAsString().contains(shortNote));
    }

    private String linkedinTask(String campaignId, String prospectId) {
        return tasks.createTaskQuery().processInstanceBusinessKey(campaignId + ":" + prospectId).taskDefinitionKey("connect")
                .singleResult().getId();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void screenshot(String name) throws Exception {
        Path target = Path.of("target", "screenshots");
        Files.createDirectories(target);
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), target.resolve(name),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
