package com.relance.channel.email;

import com.relance.prospect.Prospect;
import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import com.relance.suppression.Suppressions;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET|POST /unsubscribe/{token}}, public: the link in every email and the RFC 8058 one-click
 * target. Puts the address on the suppression list and marks the prospect unsubscribed, which ends all their
 * sequences.
 */
@Controller
class UnsubscribeController {

    private final UnsubscribeTokens tokens;
    private final Prospects prospects;
    private final Suppressions suppressions;

    UnsubscribeController(UnsubscribeTokens tokens, Prospects prospects, Suppressions suppressions) {
        this.tokens = tokens;
        this.prospects = prospects;
        this.suppressions = suppressions;
    }

    @RequestMapping(path = "/unsubscribe/{token}", method = {RequestMethod.GET, RequestMethod.POST})
    String unsubscribe(@PathVariable String token, Model model) {
        UnsubscribeTokens.Subject subject = tokens.verify(token).orElseThrow(InvalidLink::new);
        Prospect prospect = prospects.find(subject.prospectId()).orElseThrow(InvalidLink::new);
        // on the list even when the prospect was unsubscribed already (no status change, no event)
        suppressions.suppressEmail(prospect.email(), "unsubscribe link",
                "unsubscribe link in an email of campaign " + subject.campaignId(), null);
        prospects.changeStatus(subject.prospectId(), ProspectStatus.UNSUBSCRIBED,
                "unsubscribe link in an email of campaign " + subject.campaignId());
        return "unsubscribed";
    }

    @ResponseStatus(HttpStatus.NOT_FOUND)
    static class InvalidLink extends ResponseStatusException {
        InvalidLink() {
            super(HttpStatus.NOT_FOUND, "This unsubscribe link is not valid");
        }
    }
}
