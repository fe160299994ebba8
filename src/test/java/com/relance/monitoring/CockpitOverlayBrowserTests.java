package com.relance.monitoring;

import java.time.Duration;
import java.util.regex.Pattern;

import com.relance.test.Browsers;
import com.relance.test.CallSequences;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Relance's Cockpit plugin loads in Cockpit and puts the business figures on the process definition's diagram. */
@RelanceTest
class CockpitOverlayBrowserTests {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    RepositoryService repository;
    @RegisterExtension
    final Browsers.Session session = new Browsers.Session("1400,1000");

    @Test
    void theOverlayShowsTheFiguresOfTheCallStepOnTheDiagram() throws Exception {
        StatsDataSet.build(context);
        String definitionId = repository.createProcessDefinitionQuery().processDefinitionKey(CallSequences.KEY)
                .latestVersion().singleResult().getId();

        Browsers.logIn(session.driver(), "http://localhost:" + port + "/dashboard", TestUsers.MANAGER);
        session.driver().get("http://localhost:" + port + "/camunda/app/cockpit/default/#/process-definition/" + definitionId + "/runtime");

        By coldCall = By.cssSelector(".djs-overlay .relance-activity-figures[data-activity-id='coldCall']");
        // Cockpit shows the overlays once the diagram is laid out: wait for the text to be visible, not just present
        new WebDriverWait(session.driver(), Duration.ofSeconds(45)).until(ExpectedConditions.textMatches(coldCall,
                Pattern.compile("\\d+ sent · \\d+ replies · \\d+ meetings · \\d+ waiting")));
        WebElement figures = session.driver().findElement(coldCall);
        // every campaign running this sequence counts; at least this data set's three calls and its waiting prospect
        assertThat(figures.getText()).matches("\\d+ sent · \\d+ replies · \\d+ meetings · \\d+ waiting");
        assertThat(figures.getAttribute("title")).startsWith("Relance: ");
        Browsers.screenshot(session.driver(), "cockpit-overlay.png");
    }
}
