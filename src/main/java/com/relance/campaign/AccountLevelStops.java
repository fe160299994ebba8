package com.relance.campaign;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.relance.prospect.Prospect;
import com.relance.prospect.ProspectStatus;
import com.relance.prospect.ProspectStatusChanged;
import com.relance.prospect.Prospects;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Account-based selling: when one prospect replies or books a meeting, campaigns with an account-level
 * rule pause (or end) the sequences of that prospect's colleagues, so the company hears one voice.
 */
@Component
class AccountLevelStops {

    private static final Logger log = LoggerFactory.getLogger(AccountLevelStops.class);

    private final Prospects prospects;
    private final MongoTemplate mongo;
    private final RuntimeService runtimeService;

    AccountLevelStops(Prospects prospects, MongoTemplate mongo, RuntimeService runtimeService) {
        this.prospects = prospects;
        this.mongo = mongo;
        this.runtimeService = runtimeService;
    }

    @EventListener
    void on(ProspectStatusChanged change) {
        if (change.to() != ProspectStatus.REPLIED && change.to() != ProspectStatus.MEETING_BOOKED) {
            return;
        }
        // campaigns first: with none pausing or ending colleagues (the usual case) nothing else is read; the
        // colleague lookup is a case-insensitive match on the company, which no index serves
        Map<String, Campaign> ruled = mongo.find(Query.query(where("accountLevel")
                        .in(Campaign.AccountLevel.PAUSE, Campaign.AccountLevel.END)), Campaign.class).stream()
                .collect(Collectors.toMap(Campaign::id, Function.identity()));
        if (ruled.isEmpty()) {
            return;
        }
        Prospect prospect = prospects.find(change.prospectId()).orElse(null);
        if (prospect == null) {
            return;
        }
        List<String> colleagues = prospects.colleagueIds(prospect);
        if (colleagues.isEmpty()) {
            return;
        }
        List<Enrollment> enrollments = mongo.find(Query.query(where("prospectId").in(colleagues)
                .and("campaignId").in(ruled.keySet()).and("state").is(Enrollment.State.STARTED)), Enrollment.class);
        for (Enrollment enrollment : enrollments) {
            Campaign campaign = ruled.get(enrollment.campaignId());
            ProcessInstance instance = runtimeService.createProcessInstanceQuery()
                    .processInstanceId(enrollment.processInstanceId()).active().singleResult();
            if (instance == null) {
                continue;
            }
            String reason = "Account-level stop: colleague " + prospect.fullName() + " (" + prospect.id() + ") "
                    + (change.to() == ProspectStatus.REPLIED ? "replied" : "booked a meeting");
            if (campaign.accountLevel() == Campaign.AccountLevel.END) {
                runtimeService.deleteProcessInstance(instance.getId(), reason, false, true);
            } else {
                runtimeService.suspendProcessInstanceById(instance.getId());
            }
            log.info("{} in campaign {}: {} {}", reason, campaign.id(), campaign.accountLevel(), enrollment.id());
        }
    }
}
