package com.relance.monitoring;

import java.time.Duration;

import com.relance.test.Browsers;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

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
    ApplicationContext context;
    @RegisterExtension
    final Browsers.Session session = new Browsers.Session("1280,2400");

    @Test
    void aManagerOpensACampaignAndReadsItsFunnelAndCallers() throws Exception {
        StatsDataSet data = StatsDataSet.build(context);
        WebDriverWait wait = new WebDriverWait(session.driver(), Duration.ofSeconds(15));

        Browsers.logIn(session.driver(), url("/dashboard?lang=en"), TestUsers.MANAGER);
        session.driver().get(url("/dashboard"));
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(session.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Dashboard");
        session.driver().findElement(By.xpath("//table[@id='campaigns']//a[contains(@href, '" + data.campaignId + "')]")).click();

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
        assertThat(session.driver().findElement(By.cssSelector("#funnel tr[data-stage='meetings'] td")).getText()).isEqualTo("Meetings");

        String callerX = "#callers-range tr[data-caller='" + data.callerX + "'] ";
        assertThat(text(callerX + ".calls")).isEqualTo("2");
        assertThat(text(callerX + ".connects")).isEqualTo("2");
        assertThat(text(callerX + ".talk")).isEqualTo("2 min 0 s");
        assertThat(text(callerX + ".meetings")).isEqualTo("1");
        assertThat(text("#callers-today tr[data-caller='" + data.callerY + "'] .calls")).isEqualTo("1");
        assertThat(text("#steps tr[data-step='followUpEmail'] td:nth-child(6)")).isEqualTo("1");
        assertThat(session.driver().findElement(By.id("steps-chart")).getAttribute("data-drawn")).isEqualTo("true");
        Browsers.screenshot(session.driver(), "dashboard-campaign.png");

        session.driver().get(url("/dashboard/campaigns/" + data.campaignId + "?lang=fr"));
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(session.driver().findElement(By.cssSelector("#funnel-section h2")).getText()).isEqualTo("Entonnoir");
        assertThat(session.driver().findElement(By.cssSelector("#funnel tr[data-stage='meetings'] td")).getText()).isEqualTo("Rendez-vous");
        Browsers.screenshot(session.driver(), "dashboard-campaign-fr.png");
    }

    private String count(String stage) {
        return text("#funnel tr[data-stage='" + stage + "'] .count");
    }

    private String text(String css) {
        return session.driver().findElement(By.cssSelector(css)).getText();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
