package com.relance.campaign;

import com.relance.prospect.ProspectFilter;
import com.relance.prospect.ProspectStatus;

/** Selects prospects to enroll; every criterion optional. */
record EnrollmentFilter(ProspectStatus status, String owner, String tag) {

    ProspectFilter toProspectFilter() {
        return new ProspectFilter(status, owner, tag, null);
    }
}
