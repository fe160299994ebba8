package com.relance.sequence;

import java.util.List;

/**
 * The campaigns a prospect is enrolled in, so that a prospect's running sequences are found by their
 * business keys (indexed) instead of by a process variable (a scan of every variable). Implemented by
 * the campaign module, which owns enrollments.
 */
public interface EnrolledCampaigns {

    /** Ids of the campaigns this prospect was ever enrolled in. */
    List<String> campaignIdsOf(String prospectId);
}
