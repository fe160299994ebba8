package com.relance.campaign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.relance.prospect.ProspectStatus;
import com.relance.prospect.Prospects;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * A/B variants of a campaign side by side: how many prospects each variant touched, how many replied and
 * booked a meeting, and whether the reply rates differ significantly (two-proportion z-test, 5%), only
 * once every variant has reached the minimum sample size.
 */
@Component
public class VariantReport {

    static final double SIGNIFICANCE = 0.05;

    private final MongoTemplate mongo;
    private final Prospects prospects;
    private final CampaignProperties properties;

    VariantReport(MongoTemplate mongo, Prospects prospects, CampaignProperties properties) {
        this.mongo = mongo;
        this.prospects = prospects;
        this.properties = properties;
    }

    public record VariantFigures(String variant, long prospects, long replies, long meetings, double replyRate,
                          double meetingRate) {
    }

    /**
     * @param status {@code NOT_ENOUGH_DATA} (a variant is below the minimum sample), {@code NO_SIGNIFICANT_DIFFERENCE}
     *               or {@code WINNER}
     * @param pValue of the best reply rate against the runner-up, when computed
     */
    public record Verdict(String status, String winner, Double pValue, String explanation) {
    }

    public record Report(String campaignId, int minimumSampleSize, List<VariantFigures> variants, Verdict verdict) {
    }

    /** The campaign's variants side by side with the verdict (the same as {@code GET /api/campaigns/{id}/variants}). */
    public Report of(Campaign campaign) {
        Aggregation pairs = Aggregation.newAggregation(
                Aggregation.match(where("campaignId").is(campaign.id()).and("variant").ne(null)),
                Aggregation.group("variant", "prospectId"));
        Map<String, List<String>> prospectsByVariant = new LinkedHashMap<>();
        for (Document pair : mongo.aggregate(pairs, "touches", Document.class)) {
            Document id = (Document) pair.get("_id");
            prospectsByVariant.computeIfAbsent(id.getString("variant"), v -> new ArrayList<>()).add(id.getString("prospectId"));
        }
        List<VariantFigures> figures = prospectsByVariant.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> figures(entry.getKey(), entry.getValue()))
                .toList();
        return new Report(campaign.id(), properties.variantMinimumSample(), figures, verdict(figures));
    }

    private VariantFigures figures(String variant, List<String> ids) {
        long replies = prospects.count(ids, Set.of(ProspectStatus.REPLIED, ProspectStatus.MEETING_BOOKED));
        long meetings = prospects.count(ids, Set.of(ProspectStatus.MEETING_BOOKED));
        return new VariantFigures(variant, ids.size(), replies, meetings, rate(replies, ids.size()), rate(meetings, ids.size()));
    }

    private Verdict verdict(List<VariantFigures> figures) {
        if (figures.size() < 2) {
            return new Verdict("NOT_ENOUGH_DATA", null, null, "fewer than two variants have touches yet");
        }
        int minimum = properties.variantMinimumSample();
        List<String> small = figures.stream().filter(f -> f.prospects() < minimum).map(VariantFigures::variant).toList();
        if (!small.isEmpty()) {
            return new Verdict("NOT_ENOUGH_DATA", null, null,
                    "variant(s) " + small + " have fewer than " + minimum + " prospects");
        }
        List<VariantFigures> ranked = figures.stream()
                .sorted(Comparator.comparingDouble(VariantFigures::replyRate).reversed()).toList();
        VariantFigures best = ranked.get(0);
        VariantFigures runnerUp = ranked.get(1);
        double p = twoProportionPValue(best.replies(), best.prospects(), runnerUp.replies(), runnerUp.prospects());
        if (p < SIGNIFICANCE) {
            return new Verdict("WINNER", best.variant(), p, String.format(Locale.ROOT,
                    "%s replies %.1f%% vs %.1f%% for %s (p = %.4f)", best.variant(), 100 * best.replyRate(),
                    100 * runnerUp.replyRate(), runnerUp.variant(), p));
        }
        return new Verdict("NO_SIGNIFICANT_DIFFERENCE", null, p, String.format(Locale.ROOT,
                "the best reply rate (%s) is not significantly above %s (p = %.4f)", best.variant(), runnerUp.variant(), p));
    }

    /** Two-sided p-value of a two-proportion z-test with pooled variance. */
    static double twoProportionPValue(long successesA, long totalA, long successesB, long totalB) {
        double pooled = (double) (successesA + successesB) / (totalA + totalB);
        double standardError = Math.sqrt(pooled * (1 - pooled) * (1.0 / totalA + 1.0 / totalB));
        if (standardError == 0) {
            return 1.0;
        }
        double z = Math.abs(rate(successesA, totalA) - rate(successesB, totalB)) / standardError;
        return 2 * (1 - standardNormalCdf(z));
    }

    /** Φ(z) through the complementary error function (Numerical Recipes' erfc, |error| < 1.2e-7). */
    static double standardNormalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * x);
        double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        double upper = erfc / 2;
        return z >= 0 ? 1 - upper : upper;
    }

    private static double rate(long part, long total) {
        return total == 0 ? 0 : (double) part / total;
    }
}
