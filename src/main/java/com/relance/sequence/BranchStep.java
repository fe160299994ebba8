package com.relance.sequence;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.relance.prospect.Prospect;
import com.relance.prospect.Prospects;
import com.relance.touch.Touch;
import com.relance.touch.Touches;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The "Branch on prospect or touch data" step ({@code ${branch}}): compares {@code field} (e.g.
 * {@code prospect.title}, {@code prospect.customFields.industry}, {@code lastTouch.status}, or a process
 * variable such as {@code callOutcome}) with {@code value} using {@code operator}, and sets the boolean
 * process variable {@code resultVariable} (default {@code branchMatched}) for the gateway after it.
 */
@Component("branch")
class BranchStep implements JavaDelegate {

    /** How a field is compared. */
    enum Operator {
        EQUALS, NOT_EQUALS, CONTAINS, MATCHES, IS_EMPTY, IS_NOT_EMPTY
    }

    static final String DEFAULT_RESULT = "branchMatched";

    private final Prospects prospects;
    private final Touches touches;
    private final ObjectMapper json;

    BranchStep(Prospects prospects, Touches touches, ObjectMapper json) {
        this.prospects = prospects;
        this.touches = touches;
        this.json = json;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String field = (String) execution.getVariable("field");
        Operator operator = Operator.valueOf(((String) execution.getVariable("operator")).trim().toUpperCase(Locale.ROOT));
        String value = (String) execution.getVariable("value");
        Object resultVariable = execution.getVariable("resultVariable");
        Object actual = resolve(field.trim(), execution);
        execution.getProcessInstance().setVariable(
                resultVariable == null || resultVariable.toString().isBlank() ? DEFAULT_RESULT : resultVariable.toString(),
                matches(actual, operator, value));
    }

    static boolean matches(Object actual, Operator operator, String expected) {
        String wanted = expected == null ? "" : expected.trim();
        return switch (operator) {
            case IS_EMPTY -> isEmpty(actual);
            case IS_NOT_EMPTY -> !isEmpty(actual);
            case EQUALS -> !isEmpty(actual) && text(actual).equalsIgnoreCase(wanted);
            case NOT_EQUALS -> isEmpty(actual) || !text(actual).equalsIgnoreCase(wanted);
            case CONTAINS -> actual instanceof Collection<?> items
                    ? items.stream().anyMatch(item -> String.valueOf(item).equalsIgnoreCase(wanted))
                    : !isEmpty(actual) && text(actual).toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
            case MATCHES -> !isEmpty(actual) && Pattern.compile(wanted, Pattern.CASE_INSENSITIVE).matcher(text(actual)).find();
        };
    }

    private Object resolve(String field, DelegateExecution execution) {
        if (field.startsWith("prospect.")) {
            String prospectId = (String) execution.getVariable(Sequences.PROSPECT_ID);
            Optional<Prospect> prospect = prospects.find(prospectId);
            return prospect.map(p -> path(json.convertValue(p, Map.class), field.substring("prospect.".length())))
                    .orElse(null);
        }
        if (field.startsWith("lastTouch.")) {
            Optional<Touch> last = touches.latestOf(execution.getProcessInstanceId());
            return last.map(t -> path(json.convertValue(t, Map.class), field.substring("lastTouch.".length()))).orElse(null);
        }
        return execution.getVariable(field);
    }

    private static Object path(Map<?, ?> document, String path) {
        Object current = document;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    private static boolean isEmpty(Object value) {
        return value == null || (value instanceof Collection<?> items && items.isEmpty()) || text(value).isBlank();
    }

    private static String text(Object value) {
        return String.valueOf(value).trim();
    }
}
