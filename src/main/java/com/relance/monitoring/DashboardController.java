package com.relance.monitoring;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.relance.campaign.Campaign;
import com.relance.campaign.VariantReport;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The managers' dashboard: every campaign, then one campaign's funnel, daily series, steps, callers and A/B
 * variants, as ECharts charts next to tables, with CSV links. The page carries the same JSON as the stats
 * API; {@code dashboard.js} draws it.
 */
@Controller
class DashboardController {

    /** Message keys the page's script needs, in the page's language. */
    private static final String[] LABELS = {"stage.enrolled", "stage.in_progress", "stage.emailed", "stage.linkedin_connected",
            "stage.called", "stage.reached", "stage.replied", "stage.meetings", "stage.qualified_leads", "stage.unsubscribed",
            "stage.bounced", "stage.finished", "touches", "connects", "replies", "meetings", "calls", "replyRate", "meetingRate", "none", "verdict.WINNER", "verdict.NO_SIGNIFICANT_DIFFERENCE",
            "verdict.NOT_ENOUGH_DATA"};

    private final Figures figures;
    private final VariantReport variants;
    private final ObjectMapper json;
    private final MessageSource messages;

    DashboardController(Figures figures, VariantReport variants, ObjectMapper json, MessageSource messages) {
        this.figures = figures;
        this.variants = variants;
        this.json = json;
        this.messages = messages;
    }

    @GetMapping("/dashboard")
    String campaigns(Model model, Locale locale) throws JsonProcessingException {
        model.addAttribute("data", data(Map.of("campaigns", figures.summaries()), locale));
        return "dashboard/campaigns";
    }

    @GetMapping("/dashboard/campaigns/{id}")
    String campaign(@PathVariable String id, @RequestParam(required = false) String from,
                    @RequestParam(required = false) String to, Model model, Locale locale) throws JsonProcessingException {
        Campaign campaign = figures.campaign(id);
        Figures.Range range = figures.range(from, to, campaign);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("stats", figures.campaign(campaign, range));
        data.put("callers", figures.callers(campaign, range));
        data.put("variants", variants.of(campaign));
        model.addAttribute("campaign", Map.of("id", campaign.id(), "name", campaign.name() == null ? campaign.id() : campaign.name()));
        model.addAttribute("from", range.from());
        model.addAttribute("to", range.to());
        model.addAttribute("data", data(data, locale));
        return "dashboard/campaign";
    }

    /** The page's data and labels as JSON, safe inside a script element. */
    private String data(Map<String, Object> data, Locale locale) throws JsonProcessingException {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String key : LABELS) {
            labels.put(key, messages.getMessage("dashboard." + key, null, key, locale));
        }
        Map<String, Object> page = new LinkedHashMap<>(data);
        page.put("labels", labels);
        return json.writeValueAsString(page).replace("<", "\\u003c");
    }
}
