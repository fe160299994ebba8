package com.relance.monitoring;

import java.time.Duration;

import com.relance.prospect.Prospects;
import com.relance.test.Browsers;
import com.relance.test.CallSequences;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Relance's Cockpit plugin loads in Cockpit and puts the business figures on the process definition's diagram. */
@RelanceTest
class CockpitOverlayBrowserTests {

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
        browser = Browsers.headlessChromium("1400,1000");
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theOverlayShowsTheFiguresOfTheCallStepOnTheDiagram() throws Exception {
        StatsDataSet.build(rest, identity, repository, touches, prospects);
        String definitionId = repository.createProcessDefinitionQuery().processDefinitionKey(CallSequences.KEY)
                .latestVersion().singleResult().getId();

        Browsers.logIn(browser, "http://localhost:" + port + "/dashboard", TestUsers.MANAGER);
        browser.get("http://localhost:" + port + "/camunda/app/cockpit/default/#/process-definition/" + definitionId + "/runtime");

        WebElement figures = new WebDriverWait(browser, Duration.ofSeconds(45)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".djs-overlay .relance-activity-figures[data-activity-id='coldCall']")));
        // every campaign running this sequence counts; at least this data set's three calls and its waiting prospect
        assertThat(figures.getText()).matches("\\d+ sent · \\d+ replies · \\d+ meetings · \\d+ waiting");
        assertThat(figures.getAttribute("title")).startsWith("Relance: ");
        Browsers.screenshot(browser, "cockpit-overlay.png");
    }
}
