package com.relance.monitoring;

import java.time.Duration;

import com.relance.prospect.Prospects;
import com.relance.test.Browsers;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import com.relance.touch.Touches;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A manager opens the dashboard in a real browser (headless Chromium), picks the campaign of
 * {@link StatsDataSet}, and reads its funnel and callers; the charts are drawn by ECharts from its WebJar.
 */
@RelanceTest
class DashboardBrowserTests {

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;
    @Autowired
    RepositoryService repository;
    @Autowired
    Touches touches;
    @Autowired
    Prospects prospects;

    private WebDriver browser;

    @BeforeEach
    void startBrowser() {
        browser = Browsers.headlessChromium("1280,2400");
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aManagerOpensACampaignAndReadsItsFunnelAndCallers() throws Exception {
        StatsDataSet data = StatsDataSet.build(rest, identity, repository, touches, prospects);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));

        Browsers.logIn(browser, url("/dashboard?lang=en"), TestUsers.MANAGER);
        browser.get(url("/dashboard"));
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Dashboard");
        browser.findElement(By.xpath("//table[@id='campaigns']//a[contains(@href, '" + data.campaignId + "')]")).click();

        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        wait.until(ExpectedConditions.attributeToBe(By.id("funnel-chart"), "data-drawn", "true"));
        assertThat(count("enrolled")).isEqualTo("6");
        assertThat(count("in_progress")).isEqualTo("1");
        assertThat(count("emailed")).isEqualTo("5");
        assertThat(count("called")).isEqualTo("2");
        assertThat(count("reached")).isEqualTo("2");
        assertThat(count("replied")).isEqualTo("1");
        assertThat(count("meetings")).isEqualTo("2");
        assertThat(count("finished")).isEqualTo("5");
        assertThat(browser.findElement(By.cssSelector("#funnel tr[data-stage='meetings'] td")).getText()).isEqualTo("Meetings");

        String callerX = "#callers-range tr[data-caller='" + data.callerX + "'] ";
        assertThat(text(callerX + ".calls")).isEqualTo("2");
        assertThat(text(callerX + ".connects")).isEqualTo("2");
        assertThat(text(callerX + ".talk")).isEqualTo("2 min 0 s");
        assertThat(text(callerX + ".meetings")).isEqualTo("1");
        assertThat(text("#callers-today tr[data-caller='" + data.callerY + "'] .calls")).isEqualTo("1");
        assertThat(text("#steps tr[data-step='followUpEmail'] td:nth-child(6)")).isEqualTo("1");
        assertThat(browser.findElement(By.id("steps-chart")).getAttribute("data-drawn")).isEqualTo("true");
        Browsers.screenshot(browser, "dashboard-campaign.png");

        browser.get(url("/dashboard/campaigns/" + data.campaignId + "?lang=fr"));
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(browser.findElement(By.cssSelector("#funnel-section h2")).getText()).isEqualTo("Entonnoir");
        assertThat(browser.findElement(By.cssSelector("#funnel tr[data-stage='meetings'] td")).getText()).isEqualTo("Rendez-vous");
        Browsers.screenshot(browser, "dashboard-campaign-fr.png");
    }

    private String count(String stage) {
        return text("#funnel tr[data-stage='" + stage + "'] .count");
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
