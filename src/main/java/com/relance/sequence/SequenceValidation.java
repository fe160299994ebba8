package com.relance.sequence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Rejects a sequence that could not run (unknown step type or LinkedIn action, missing template, call
 * without assignee rule, A/B weights not adding up to 100) when it is deployed, at start-up or through
 * {@code /engine-rest/deployment/create}: the whole deployment fails with every problem named, so
 * nothing is half-deployed.
 *
 * <p>Hooks into the engine's BPMN parse (an engine-internal extension point, the one Relance relies on)
 * so the problems come out as a regular {@code ParseException}: a 400 from {@code /engine-rest}.
 */
@Component
class SequenceValidation extends AbstractProcessEnginePlugin {

    private static final Set<String> STEP_KINDS = Set.of("serviceTask", "sendTask", "userTask", "callActivity");

    private final StepRules rules;

    SequenceValidation(StepRules rules) {
        this.rules = rules;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setBpmnParseFactory(parser -> new BpmnParse(parser) {
            @Override
            protected void parseRootElement() {
                super.parseRootElement();
                problems(rootElement).forEach(problem -> addError(problem.message(), problem.element()));
            }
        });
    }

    /** A problem and the BPMN element it is about. */
    record StepProblem(String message, Element element) {
    }

    List<StepProblem> problems(Element definitions) {
        List<StepProblem> problems = new ArrayList<>();
        for (Element process : definitions.elements("process")) {
            collect(process.attribute("id"), process, problems);
        }
        return problems;
    }

    private void collect(String processId, Element scope, List<StepProblem> problems) {
        for (Element child : scope.elements()) {
            if (STEP_KINDS.contains(child.getTagName())) {
                for (String message : rules.check(read(processId, child))) {
                    problems.add(new StepProblem(message, child));
                }
            }
            if (!child.elements().isEmpty() && !"extensionElements".equals(child.getTagName())) {
                collect(processId, child, problems);
            }
        }
    }

    private static StepElement read(String processId, Element element) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String name : List.of("delegateExpression", "class", "expression", "type", "formKey", "assignee",
                "candidateGroups", "candidateUsers")) {
            String value = element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, name);
            if (value != null) {
                attributes.put(name, value);
            }
        }
        if (element.attribute("calledElement") != null) {
            attributes.put("calledElement", element.attribute("calledElement"));
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        Map<String, String> ins = new LinkedHashMap<>();
        Element extensions = element.element("extensionElements");
        if (extensions != null) {
            Element inputOutput = extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "inputOutput");
            if (inputOutput != null) {
                for (Element input : inputOutput.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "inputParameter")) {
                    if (input.elements().isEmpty()) {
                        inputs.put(input.attribute("name"), input.getText() == null ? "" : input.getText().trim());
                    }
                }
            }
            for (Element in : extensions.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "in")) {
                String target = in.attribute("target");
                if (target != null) {
                    ins.put(target, in.attribute("sourceExpression") != null ? in.attribute("sourceExpression") : in.attribute("source"));
                }
            }
        }
        return new StepElement(processId, element.getTagName(), element.attribute("id"), element.attribute("name"),
                attributes, inputs, ins);
    }

}
