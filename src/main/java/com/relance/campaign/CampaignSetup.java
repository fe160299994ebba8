package com.relance.campaign;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.relance.prospect.ProspectFilter;
import com.relance.prospect.Prospects;
import org.springframework.data.domain.Example;
import org.springframework.data.domain.ExampleMatcher;
import org.springframework.stereotype.Component;

/** Creates campaigns from code (demo data, benchmarks), through the same enrollment as the API. */
@Component
public class CampaignSetup {

    private final Campaigns campaigns;
    private final Enrollments enrollments;
    private final Prospects prospects;
    private final Clock clock;

    CampaignSetup(Campaigns campaigns, Enrollments enrollments, Prospects prospects, Clock clock) {
        this.campaigns = campaigns;
        this.enrollments = enrollments;
        this.prospects = prospects;
        this.clock = clock;
    }

    /** The new campaign and how many prospects it enrolled. */
    public record Started(String campaignId, int enrolled) {
    }

    public boolean exists(String name) {
        Campaign probe = new Campaign(null, name, null, null, null, null, null, null, null, null, null, null, null, null);
        return campaigns.exists(Example.of(probe, ExampleMatcher.matching().withIgnoreNullValues()));
    }

    /** Creates a campaign and enrolls every prospect carrying {@code tag}. */
    public Started startDemo(String name, String sequence, String tag) {
        Instant now = clock.instant();
        Campaign campaign = campaigns.insert(new Campaign(null, name, sequence,
                new Campaign.Sender("Camille Relance", "camille@relance.demo", "<p>Camille — Relance</p>", null),
                "callers", Campaign.AccountLevel.NONE, null, Campaign.CampaignStatus.ACTIVE, "demo", now, now,
                null, null, null));
        List<String> ids = new ArrayList<>();
        String last = null;
        List<String> page;
        ProspectFilter filter = new ProspectFilter(null, null, tag, null);
        while (!(page = prospects.idsAfter(filter, last, 500)).isEmpty()) {
            ids.addAll(page);
            last = page.get(page.size() - 1);
        }
        return new Started(campaign.id(), enrollments.enroll(campaign, ids).enrolled());
    }
}
