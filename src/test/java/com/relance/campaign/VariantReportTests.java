package com.relance.campaign;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The significance test behind the A/B verdict. */
class VariantReportTests {

    @Test
    void theNormalDistributionIsRight() {
        assertThat(VariantReport.standardNormalCdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(VariantReport.standardNormalCdf(1.959964)).isCloseTo(0.975, within(1e-6));
        assertThat(VariantReport.standardNormalCdf(-1.644854)).isCloseTo(0.05, within(1e-6));
    }

    @Test
    void aClearDifferenceIsSignificantAndANoisyOneIsNot() {
        // 15% vs 5% on 200 prospects each: z ≈ 3.35
        assertThat(VariantReport.twoProportionPValue(30, 200, 10, 200)).isCloseTo(0.0008, within(0.0002));
        assertThat(VariantReport.twoProportionPValue(11, 200, 10, 200)).isGreaterThan(0.5);
        assertThat(VariantReport.twoProportionPValue(0, 150, 0, 150)).isEqualTo(1.0);
    }
}
