package com.relance.console;

import java.security.Principal;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Map;

import com.relance.campaign.Campaign;
import com.relance.channel.linkedin.LinkedInProviderStep;
import com.relance.channel.phone.Dialer;
import com.relance.prospect.Prospect;
import com.relance.sequence.EngineTime;
import com.relance.template.MessageTemplates;
import com.relance.template.TemplateNotFoundException;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * {@code /console}: the callers' page. The queue, then one task at a time with the prospect's card, their
 * history and the script, and outcomes in one click or key; "save and next" goes straight to the next call.
 */
@Controller
@RequestMapping("/console")
class ConsoleController {

    private final CallDesk desk;
    private final MessageTemplates templates;
    private final Dialer dialer;

    ConsoleController(CallDesk desk, MessageTemplates templates, Dialer dialer) {
        this.desk = desk;
        this.templates = templates;
        this.dialer = dialer;
    }

    @GetMapping
    String queue(Principal user, Model model) {
        model.addAttribute("queue", desk.queue(user.getName()));
        model.addAttribute("now", EngineTime.now());
        return "console/queue";
    }

    @GetMapping("/tasks/{taskId}")
    String task(@PathVariable String taskId, Principal user, Model model, Locale locale) {
        DeskTask task = desk.task(user.getName(), taskId);
        Prospect prospect = desk.prospect(task);
        Campaign campaign = desk.campaignOf(taskId);
        model.addAttribute("task", task);
        model.addAttribute("prospect", prospect);
        model.addAttribute("campaign", campaign);
        model.addAttribute("prospectTime", task.prospectLocalTime(EngineTime.now()));
        model.addAttribute("timeline", desk.timeline(prospect.id()));
        model.addAttribute("meetings", desk.meetingsOf(prospect.id()));
        model.addAttribute("outcomes", task.call() ? Outcome.CALL : Outcome.LINKEDIN);
        model.addAttribute("action", desk.input(taskId, "action"));
        Map<String, Object> templateModel = Map.of("prospect", prospect, "campaign", campaign,
                "sender", campaign.sender());
        Locale prospectLocale = prospect.locale() == null ? locale : Locale.forLanguageTag(prospect.locale());
        try {
            if (task.call()) {
                Object script = desk.input(taskId, "script");
                model.addAttribute("script", script == null ? null
                        : templates.renderHtml("call-scripts", script.toString(), prospectLocale, templateModel));
            } else {
                Object template = desk.input(taskId, "template");
                String message = template == null || template.toString().isBlank() ? null
                        : templates.renderText("linkedin", template.toString(), prospectLocale, templateModel).orElse(null);
                model.addAttribute("message", message);
                // the owner pastes it by hand: say so before LinkedIn refuses it
                model.addAttribute("noteLimit", LinkedInProviderStep.NOTE_LIMIT);
                model.addAttribute("noteTooLong", "CONNECTION_REQUEST".equals(desk.input(taskId, "action"))
                        && message != null && message.strip().length() > LinkedInProviderStep.NOTE_LIMIT);
            }
        } catch (TemplateNotFoundException e) {
            model.addAttribute("templateProblem", e.getMessage());
        }
        return "console/task";
    }

    @PostMapping("/tasks/{taskId}/outcome")
    String outcome(@PathVariable String taskId, Principal user, @RequestParam Outcome outcome,
                   @RequestParam(required = false) String notes,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime at,
                   @RequestParam(defaultValue = "false") boolean confirm,
                   @RequestParam(defaultValue = "next") String then) {
        desk.record(user.getName(), taskId, outcome, notes, at, confirm);
        if ("queue".equals(then)) {
            return "redirect:/console";
        }
        return desk.next(user.getName(), taskId).map(next -> "redirect:/console/tasks/" + next).orElse("redirect:/console");
    }

    /** Click-to-call: Twilio rings the caller's phone, or the page falls back to a {@code tel:} link. */
    @PostMapping("/tasks/{taskId}/dial")
    @ResponseBody
    ResponseEntity<Dialer.DialResult> dial(@PathVariable String taskId, Principal user) {
        Prospect prospect = desk.prospect(desk.task(user.getName(), taskId));
        Campaign campaign = desk.campaignOf(taskId);
        return ResponseEntity.ok(dialer.dial(new Dialer.CallRequest(taskId, desk.touchKey(taskId),
                user.getName(), prospect.id(), campaign == null ? null : campaign.id(), prospect.phone())));
    }
}
