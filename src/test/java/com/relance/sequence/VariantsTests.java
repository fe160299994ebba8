package com.relance.sequence;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Weighted variants are chosen deterministically per prospect and spread as the weights say. */
class VariantsTests {

    @Test
    void tenThousandProspectsSplitWithinTwoPointsOfTheWeights() {
        Variants variants = Variants.parse("A:50,B:30,C:20");
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            counts.merge(variants.choose(new org.bson.types.ObjectId().toHexString(), "split"), 1, Integer::sum);
        }
        assertThat(counts.get("A") / 100.0).isCloseTo(50.0, within(2.0));
        assertThat(counts.get("B") / 100.0).isCloseTo(30.0, within(2.0));
        assertThat(counts.get("C") / 100.0).isCloseTo(20.0, within(2.0));
    }

    @Test
    void theSameProspectAtTheSameStepAlwaysGetsTheSameVariant() {
        Variants variants = Variants.parse("A:50,B:50");
        for (int i = 0; i < 100; i++) {
            String prospect = UUID.randomUUID().toString();
            String first = variants.choose(prospect, "split");
            for (int retry = 0; retry < 5; retry++) {
                assertThat(variants.choose(prospect, "split")).isEqualTo(first);
            }
        }
    }

    @Test
    void twoSplitsInOneSequenceAreIndependent() {
        Variants variants = Variants.parse("A:50,B:50");
        int same = 0;
        for (int i = 0; i < 10_000; i++) {
            String prospect = UUID.randomUUID().toString();
            if (variants.choose(prospect, "subjectSplit").equals(variants.choose(prospect, "channelSplit"))) {
                same++;
            }
        }
        assertThat(same / 100.0).isCloseTo(50.0, within(2.0));
    }

    @Test
    void badWeightsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Variants.parse("A:50,B:40")).hasMessage("weights 'A:50,B:40' add up to 90, not 100");
        assertThatThrownBy(() -> Variants.parse("A50/B50")).hasMessage("weights 'A50/B50' must look like A:50,B:50");
        assertThatThrownBy(() -> Variants.parse("A:50,a:50")).hasMessage("weights 'A:50,a:50' name variant a twice");
        assertThat(Variants.parse("A:100").choose("p", "s")).isEqualTo("A");
    }
}
