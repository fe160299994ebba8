package com.relance.sequence;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps the variables steps hold for their own bookkeeping out of the engine's history tables: the steps' run
 * counters ({@code stepRuns}, and {@code stepRuns_<activity>} from earlier versions, see {@link StepRun}) and a
 * task step's touch key. They tell nothing
 * the touches do not, and each cost three statements on the engine's database for every step of every
 * prospect (its history row written, then read and updated when the sequence ends). Runtime variables are
 * untouched; every other history event, and every other history handler, still sees everything.
 */
@Component
class StepBookkeepingHistory extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(StepBookkeepingHistory.class);

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getHistoryEventHandler() != null) {
            log.warn("A history event handler is configured ({}): step bookkeeping variables stay in the history",
                    configuration.getHistoryEventHandler().getClass().getName());
            return;
        }
        if (!configuration.isEnableDefaultDbHistoryEventHandler()) {
            return;
        }
        // the engine's own database handler, behind the filter, in place of the default one
        List<HistoryEventHandler> handlers = new ArrayList<>();
        handlers.add(new WithoutBookkeeping(new DbHistoryEventHandler()));
        if (configuration.getCustomHistoryEventHandlers() != null) {
            handlers.addAll(configuration.getCustomHistoryEventHandlers());
        }
        configuration.setEnableDefaultDbHistoryEventHandler(false);
        configuration.setCustomHistoryEventHandlers(handlers);
    }

    static boolean isBookkeeping(String variableName) {
        return variableName != null && (variableName.equals(StepRun.RUNS) || variableName.startsWith(StepRun.RUNS_PREFIX)
                || variableName.equals(StepRun.TOUCH_KEY));
    }

    private record WithoutBookkeeping(HistoryEventHandler delegate) implements HistoryEventHandler {

        @Override
        public void handleEvent(HistoryEvent event) {
            if (!(event instanceof HistoricVariableUpdateEventEntity variable && isBookkeeping(variable.getVariableName()))) {
                delegate.handleEvent(event);
            }
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            events.forEach(this::handleEvent);
        }
    }
}
