package com.relance.sequence;

import java.util.Map;

/**
 * A task of a sequence as the diagram declares it, read at deployment for validation.
 *
 * @param kind   the BPMN element, e.g. {@code serviceTask}, {@code userTask}, {@code callActivity}
 * @param inputs the {@code camunda:inputParameter}s with a plain text value
 * @param ins    the {@code camunda:in} mappings of a call activity: target → source or source expression
 */
record StepElement(String processId, String kind, String id, String name, Map<String, String> attributes,
                   Map<String, String> inputs, Map<String, String> ins) {

    String attribute(String name) {
        return attributes.get(name);
    }

    String label() {
        boolean named = name != null && !name.isBlank() && !name.equals(id);
        return "step '" + id + "'" + (named ? " (" + name.replaceAll("\\s+", " ") + ")" : "")
                + " of sequence '" + processId + "'";
    }
}
