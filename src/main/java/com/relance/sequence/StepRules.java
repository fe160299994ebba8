package com.relance.sequence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.relance.template.MessageTemplates;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * What a deployable sequence step must satisfy: a known step type, an existing message template, a
 * known LinkedIn action, an assignee rule on calls, A/B weights that add up to 100, a well-formed wait.
 */
@Component
class StepRules {

    /** Relance's task forms; Tasklist shows them too. */
    static final String RELANCE_FORMS = "embedded:/forms/relance-";
    static final String LINKEDIN_FORM = "embedded:/forms/relance-linkedin.html";
    static final String CALL_FORM = "embedded:/forms/relance-call.html";
    static final String WAIT_PROCESS = "relanceWait";
    static final Set<String> LINKEDIN_ACTIONS = Set.of("VISIT_PROFILE", "CONNECTION_REQUEST", "MESSAGE", "INMAIL");
    static final Set<String> WAIT_UNITS = Set.of("BUSINESS_DAYS", "BUSINESS_HOURS", "HOURS");
    static final Set<String> WAIT_CHANNELS = Set.of("EMAIL", "LINKEDIN", "PHONE");

    private static final Pattern BEAN_EXPRESSION = Pattern.compile("^\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}$");
    private static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    private final ApplicationContext context;
    private final MessageTemplates templates;

    StepRules(ApplicationContext context, MessageTemplates templates) {
        this.context = context;
        this.templates = templates;
    }

    /** Every problem of this step, each a sentence naming the step. */
    List<String> check(StepElement step) {
        List<String> problems = new ArrayList<>();
        switch (step.kind()) {
            case "serviceTask", "sendTask" -> checkServiceTask(step, problems);
            case "userTask" -> checkUserTask(step, problems);
            case "callActivity" -> checkCallActivity(step, problems);
            default -> {
            }
        }
        return problems.stream().map(problem -> step.label() + ": " + problem).toList();
    }

    private void checkServiceTask(StepElement step, List<String> problems) {
        String delegate = step.attribute("delegateExpression");
        String className = step.attribute("class");
        if (className != null && !classExists(className)) {
            problems.add("unknown step type: class " + className + " not found");
        }
        if (delegate == null) {
            return;
        }
        Matcher bean = BEAN_EXPRESSION.matcher(delegate.trim());
        if (!bean.matches()) {
            return;
        }
        String type = bean.group(1);
        if (!context.containsBean(type)) {
            problems.add("unknown step type '" + delegate + "' (no step called " + type + ")");
            return;
        }
        switch (type) {
            case "sendEmail" -> checkEmail(step, problems);
            case "abSplit" -> checkWeights(step.inputs().get("weights"), "weights", problems);
            case "branch" -> checkBranch(step, problems);
            default -> {
            }
        }
    }

    private void checkEmail(StepElement step, List<String> problems) {
        String template = step.inputs().get("template");
        if (blank(template)) {
            problems.add("an email step needs a 'template' input naming a template in templates/email/");
            return;
        }
        if (isExpression(template)) {
            return;
        }
        String variants = step.inputs().get("variants");
        if (blank(variants)) {
            requireTemplate("email", template, problems);
            return;
        }
        Variants parsed = checkWeights(variants, "variants", problems);
        if (parsed != null) {
            parsed.weights().forEach(variant ->
                    requireTemplate("email", template + "-" + variant.name().toLowerCase(Locale.ROOT), problems));
        }
    }

    private void checkBranch(StepElement step, List<String> problems) {
        if (blank(step.inputs().get("field"))) {
            problems.add("a branch needs a 'field' input, e.g. prospect.title");
        }
        String operator = step.inputs().get("operator");
        try {
            BranchStep.Operator.valueOf(operator == null ? "" : operator.trim());
        } catch (IllegalArgumentException e) {
            problems.add("unknown branch operator '" + operator + "' (one of " + List.of(BranchStep.Operator.values()) + ")");
        }
        String result = step.inputs().get("resultVariable");
        if (!blank(result) && !IDENTIFIER.matcher(result.trim()).matches()) {
            problems.add("resultVariable '" + result + "' is not a variable name");
        }
    }

    private void checkUserTask(StepElement step, List<String> problems) {
        String form = step.attribute("formKey");
        if (form == null || !form.startsWith(RELANCE_FORMS)) {
            return;
        }
        boolean assigned = !blank(step.attribute("assignee")) || !blank(step.attribute("candidateGroups"))
                || !blank(step.attribute("candidateUsers"));
        switch (form) {
            case LINKEDIN_FORM -> {
                String action = step.inputs().get("action");
                if (action == null || !LINKEDIN_ACTIONS.contains(action.trim())) {
                    problems.add("unknown LinkedIn action '" + action + "' (one of " + LINKEDIN_ACTIONS + ")");
                } else if (!"VISIT_PROFILE".equals(action.trim())) {
                    String template = step.inputs().get("template");
                    if (blank(template)) {
                        problems.add("a LinkedIn " + action.trim() + " needs a 'template' input naming a template in templates/linkedin/");
                    } else if (!isExpression(template)) {
                        requireTemplate("linkedin", template, problems);
                    }
                }
                if (!assigned) {
                    problems.add("a LinkedIn task needs an assignee rule (assignee or candidate groups)");
                }
            }
            case CALL_FORM -> {
                if (!assigned) {
                    problems.add("a call step has no assignee rule (assignee or candidate groups)");
                }
                String script = step.inputs().get("script");
                if (blank(script)) {
                    problems.add("a call step needs a 'script' input naming a template in templates/call-scripts/");
                } else if (!isExpression(script)) {
                    requireTemplate("call-scripts", script, problems);
                }
            }
            default -> problems.add("unknown step type: form " + form);
        }
    }

    private static void checkCallActivity(StepElement step, List<String> problems) {
        if (!WAIT_PROCESS.equals(step.attribute("calledElement"))) {
            return;
        }
        String amount = step.ins().get("waitAmount");
        if (blank(amount)) {
            problems.add("a wait needs 'waitAmount'");
        } else if (!isExpression(amount) && !amount.trim().matches("[1-9][0-9]{0,3}")) {
            problems.add("wait amount '" + amount + "' is not a whole number from 1 to 9999");
        }
        requireOneOf("wait unit", step.ins().get("waitUnit"), WAIT_UNITS, problems);
        requireOneOf("wait channel", step.ins().get("waitChannel"), WAIT_CHANNELS, problems);
    }

    private static void requireOneOf(String what, String value, Set<String> allowed, List<String> problems) {
        if (value != null && !isExpression(value) && !allowed.contains(value.trim())) {
            problems.add("unknown " + what + " '" + value + "' (one of " + allowed + ")");
        }
    }

    private static Variants checkWeights(String spec, String input, List<String> problems) {
        try {
            return Variants.parse(spec);
        } catch (IllegalArgumentException e) {
            problems.add(input + ": " + e.getMessage());
            return null;
        }
    }

    private void requireTemplate(String folder, String name, List<String> problems) {
        if (!templates.exists(folder, name)) {
            problems.add(folder + " template '" + name + "' not found in templates/" + folder + "/");
        }
    }

    private boolean classExists(String className) {
        try {
            Class.forName(className, false, context.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static boolean isExpression(String value) {
        return value.contains("${") || value.contains("#{");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
