package com.relance.sequence;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The "A/B split" step ({@code ${abSplit}}, input {@code weights} such as {@code A:50,B:50}): sets the
 * process variable {@code variant}, the same for a prospect however often the step runs. Touches after
 * the split carry the variant.
 */
@Component("abSplit")
class AbSplitStep implements JavaDelegate {

    static final String VARIANT = "variant";

    @Override
    public void execute(DelegateExecution execution) {
        Variants variants = Variants.parse((String) execution.getVariable("weights"));
        String prospectId = (String) execution.getVariable(Sequences.PROSPECT_ID);
        execution.getProcessInstance().setVariable(VARIANT, variants.choose(prospectId, execution.getCurrentActivityId()));
    }
}
