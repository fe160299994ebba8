package com.relance.channel.email;

import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
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
 * target. Marks the prospect unsubscribed, which ends all their sequences.
 */
@Controller
class UnsubscribeController {

    private final UnsubscribeTokens tokens;
    private final Prospects prospects;

    UnsubscribeController(UnsubscribeTokens tokens, Prospects prospects) {
        this.tokens = tokens;
        this.prospects = prospects;
    }

    @RequestMapping(path = "/unsubscribe/{token}", method = {RequestMethod.GET, RequestMethod.POST})
    String unsubscribe(@PathVariable String token, Model model) {
        UnsubscribeTokens.Subject subject = tokens.verify(token).orElseThrow(InvalidLink::new);
        if (prospects.find(subject.prospectId()).isEmpty()) {
            throw new InvalidLink();
        }
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
