package com.relance.touch;

import com.relance.prospect.Prospects;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /api/prospects/{id}/touches}: a prospect's history. */
@RestController
class TouchController {

    private final Touches touches;
    private final Prospects prospects;

    TouchController(Touches touches, Prospects prospects) {
        this.touches = touches;
        this.prospects = prospects;
    }

    @GetMapping("/api/prospects/{prospectId}/touches")
    Page<Touch> touches(@PathVariable String prospectId,
                        @PageableDefault(size = 50, sort = "createdAt", direction = Sort.Direction.DESC) Pageable pageable) {
        if (prospects.find(prospectId).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No prospect with id " + prospectId);
        }
        return touches.ofProspect(prospectId, pageable);
    }
}
