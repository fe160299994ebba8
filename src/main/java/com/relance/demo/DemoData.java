package com.relance.demo;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.relance.campaign.CampaignSetup;
import com.relance.prospect.ImportResult;
import com.relance.prospect.ProspectImport;
import com.relance.system.EmbeddedDefaults;
import com.relance.system.Groups;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * With {@code relance.demo.enabled=true} on the embedded defaults: demo users (documented passwords),
 * sample prospects through the real CSV import, and a running "first touch" campaign. Loads once;
 * later starts find it there. Refuses to run against an external database.
 */
@Component
@ConditionalOnProperty(name = "relance.demo.enabled", havingValue = "true")
class DemoData implements ApplicationRunner {

    static final String CAMPAIGN_NAME = "Demo: first touch";
    static final String CONSOLE_CAMPAIGN_NAME = "Demo: 3-week B2B";
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    /** user id → group; the password is the user id followed by "-demo". */
    private static final Map<String, String> USERS = Map.of(
            "mia", Groups.MARKETING,
            "cole", Groups.CALLERS,
            "chloe", Groups.CALLERS,
            "max", Groups.MANAGERS);

    private final Environment environment;
    private final IdentityService identityService;
    private final ProspectImport prospectImport;
    private final CampaignSetup campaigns;

    DemoData(Environment environment, IdentityService identityService, ProspectImport prospectImport,
             CampaignSetup campaigns) {
        this.environment = environment;
        this.identityService = identityService;
        this.prospectImport = prospectImport;
        this.campaigns = campaigns;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!EmbeddedDefaults.active(environment)) {
            log.warn("relance.demo.enabled is ignored: demo data and users only load on the embedded defaults");
            return;
        }
        USERS.forEach(this::ensureUser);
        if (campaigns.exists(CAMPAIGN_NAME)) {
            log.info("Demo data already loaded");
            return;
        }
        ImportResult imported;
        try (InputStream csv = new ClassPathResource("demo/prospects.csv").getInputStream()) {
            imported = prospectImport.importCsv(csv);
        }
        CampaignSetup.Started started = campaigns.startDemo(CAMPAIGN_NAME, "firstTouch", "demo");
        // the 3-week sequence starts with a LinkedIn visit: the owners (cole, chloe) find it in the console
        CampaignSetup.Started b2b = campaigns.startDemo(CONSOLE_CAMPAIGN_NAME, "b2bCold3Weeks", "b2b");
        log.info("Demo loaded: {} prospects imported; campaign {} enrolled {} of them, campaign {} enrolled {}. "
                        + "Log in as admin/admin (or mia, cole, chloe, max with password <user>-demo)",
                imported.imported(), started.campaignId(), started.enrolled(), b2b.campaignId(), b2b.enrolled());
    }

    private void ensureUser(String id, String group) {
        if (identityService.createUserQuery().userId(id).count() > 0) {
            return;
        }
        User user = identityService.newUser(id);
        user.setFirstName(Character.toUpperCase(id.charAt(0)) + id.substring(1));
        user.setLastName("Demo");
        user.setEmail(id + "@relance.demo");
        user.setPassword(id + "-demo");
        identityService.saveUser(user);
        identityService.createMembership(id, group);
    }

    static List<String> userIds() {
        return List.copyOf(USERS.keySet());
    }
}
