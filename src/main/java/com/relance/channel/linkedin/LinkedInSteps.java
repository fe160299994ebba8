package com.relance.channel.linkedin;

import java.util.List;

import com.relance.sequence.Sequences;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.bpmn.parser.DefaultFailedJobParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.FailedJobRetryConfiguration;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.core.model.PropertyKey;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * What every LinkedIn step (a user task with the LinkedIn form) gets from the engine, since an element
 * template cannot write task listeners: a {@code create} task listener that closes the task at once when the
 * provider already did the action ({@link LinkedInProviderStep}), and {@code relance.linkedin.retry-cycle} as
 * the backoff of a failing provider call unless the step sets its own {@code camunda:failedJobRetryTimeCycle}.
 */
@Component
class LinkedInSteps extends AbstractProcessEnginePlugin {

    static final String FORM = "embedded:/forms/relance-linkedin.html";

    /** Marks a LinkedIn step without a retry cycle of its own, for {@code parseProcess} to give it ours. */
    private static final PropertyKey<Boolean> DEFAULT_RETRY_CYCLE = new PropertyKey<>("relanceLinkedinRetryCycle");

    private final LinkedInProperties properties;

    LinkedInSteps(LinkedInProperties properties) {
        this.properties = properties;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        Sequences.addParseListener(configuration, new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
                if (!FORM.equals(element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "formKey"))) {
                    return;
                }
                ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition()
                        .addTaskListener(TaskListener.EVENTNAME_CREATE, LinkedInProviderStep::closeIfDone);
                Element extensions = element.element("extensionElements");
                if (extensions == null
                        || extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "failedJobRetryTimeCycle") == null) {
                    activity.getProperties().set(DEFAULT_RETRY_CYCLE, true);
                }
            }

            /**
             * Once every activity is parsed: the engine's failed-job listener, which runs after this one, gave each
             * async step the global cycle; the LinkedIn cycle replaces it where the step had none of its own.
             */
            @Override
            public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
                giveRetryCycle(processDefinition, configuration);
            }
        });
    }

    private void giveRetryCycle(ScopeImpl scope, ProcessEngineConfigurationImpl configuration) {
        for (ActivityImpl activity : scope.getActivities()) {
            if (Boolean.TRUE.equals(activity.getProperties().get(DEFAULT_RETRY_CYCLE))) {
                activity.getProperties().set(DefaultFailedJobParseListener.FAILED_JOB_CONFIGURATION,
                        new FailedJobRetryConfiguration(configuration.getExpressionManager()
                                .createExpression(properties.retryCycle())));
            }
            giveRetryCycle(activity, configuration);
        }
    }
}
