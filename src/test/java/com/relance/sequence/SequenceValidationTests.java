package com.relance.sequence;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.relance.test.Api;
import com.relance.test.Fixtures;
import com.relance.test.RelanceTest;
import com.relance.test.TestUsers;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.ProcessBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A sequence that could not run is refused at deployment, naming the element and the problem. */
@RelanceTest
class SequenceValidationTests {

    @Autowired
    RepositoryService repository;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;

    @BeforeEach
    void users() {
        TestUsers.ensure(identity);
    }

    @Test
    void aMissingEmailTemplateIsNamed() {
        assertRejected(sequence("missingEmailTemplate").startEvent()
                        .serviceTask("introEmail").name("Intro").camundaDelegateExpression("${sendEmail}")
                        .camundaInputParameter("template", "no-such-template").endEvent().done(),
                "step 'introEmail' (Intro) of sequence 'missingEmailTemplate': email template 'no-such-template' not found in templates/email/");
    }

    @Test
    void anEmailStepWithoutTemplateIsNamed() {
        assertRejected(sequence("noTemplate").startEvent()
                        .serviceTask("introEmail").camundaDelegateExpression("${sendEmail}").endEvent().done(),
                "step 'introEmail' of sequence 'noTemplate': an email step needs a 'template' input");
    }

    @Test
    void anUnknownStepTypeIsNamed() {
        assertRejected(sequence("unknownStep").startEvent()
                        .serviceTask("faxThem").camundaDelegateExpression("${sendFax}").endEvent().done(),
                "step 'faxThem' of sequence 'unknownStep': unknown step type '${sendFax}' (no step called sendFax)");
    }

    @Test
    void anUnknownLinkedInActionIsNamed() {
        assertRejected(sequence("badLinkedIn").startEvent()
                        .userTask("poke").camundaFormKey("embedded:/forms/relance-linkedin.html").camundaAssignee("${stepRouting.assignee(execution)}")
                        .camundaInputParameter("action", "POKE").endEvent().done(),
                "step 'poke' of sequence 'badLinkedIn': unknown LinkedIn action 'POKE'");
    }

    @Test
    void aCallWithoutAssigneeRuleIsNamed() {
        assertRejected(sequence("unassignedCall").startEvent()
                        .userTask("coldCall").camundaFormKey("embedded:/forms/relance-call.html")
                        .camundaInputParameter("script", "cold-call").endEvent().done(),
                "step 'coldCall' of sequence 'unassignedCall': a call step has no assignee rule");
    }

    @Test
    void abWeightsThatDoNotAddUpAreNamed() {
        assertRejected(sequence("badSplit").startEvent()
                        .serviceTask("split").camundaDelegateExpression("${abSplit}")
                        .camundaInputParameter("weights", "A:60,B:30").endEvent().done(),
                "step 'split' of sequence 'badSplit': weights: weights 'A:60,B:30' add up to 90, not 100");
    }

    @Test
    void aWaitWithABadAmountOrUnitIsNamed() {
        BpmnModelInstance model = sequence("badWait").startEvent()
                .callActivity("waitAWhile").calledElement("relanceWait")
                .camundaIn("prospectId", "prospectId")
                .endEvent().done();
        var call = model.<org.camunda.bpm.model.bpmn.instance.CallActivity>getModelElementById("waitAWhile");
        var extensions = call.getExtensionElements();
        var amount = extensions.addExtensionElement(org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn.class);
        amount.setCamundaSourceExpression("0");
        amount.setCamundaTarget("waitAmount");
        var unit = extensions.addExtensionElement(org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn.class);
        unit.setCamundaSourceExpression("FORTNIGHTS");
        unit.setCamundaTarget("waitUnit");
        assertRejected(model, "step 'waitAWhile' of sequence 'badWait': wait amount '0' is not a whole number from 1 to 9999");
        assertRejected(model, "unknown wait unit 'FORTNIGHTS' (one of");
    }

    @Test
    void aBranchWithAnUnknownOperatorIsNamed() {
        assertRejected(sequence("badBranch").startEvent()
                        .serviceTask("isCeo").camundaDelegateExpression("${branch}")
                        .camundaInputParameter("field", "prospect.title").camundaInputParameter("operator", "LOOKS_LIKE")
                        .endEvent().done(),
                "step 'isCeo' of sequence 'badBranch': unknown branch operator 'LOOKS_LIKE'");
    }

    @Test
    void everyProblemIsListedAndNothingIsDeployed() {
        BpmnModelInstance twoProblems = sequence("twoProblems").startEvent()
                .serviceTask("first").camundaDelegateExpression("${sendFax}")
                .serviceTask("second").camundaDelegateExpression("${abSplit}").camundaInputParameter("weights", "A:1")
                .endEvent().done();
        assertThatThrownBy(() -> repository.createDeployment().addModelInstance("two-problems.bpmn", twoProblems)
                .addModelInstance("fine.bpmn", Bpmn.createExecutableProcess("fineButBundled").startEvent().endEvent().done())
                .deploy())
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("step 'first'")
                .hasMessageContaining("step 'second'");
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("twoProblems").count()).isZero();
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("fineButBundled").count()).isZero();
    }

    @Test
    void modelerDeploymentsThroughEngineRestGetA400NamingTheElement() {
        BpmnModelInstance invalid = sequence("restInvalid").startEvent()
                .serviceTask("introEmail").camundaDelegateExpression("${sendEmail}")
                .camundaInputParameter("template", "nope").endEvent().done();
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("deployment-name", "rest-invalid");
        form.add("data", new ByteArrayResource(Bpmn.convertToString(invalid).getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "rest-invalid.bpmn";
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);

        ResponseEntity<Map<String, Object>> response = Api.as(rest, TestUsers.MARKETER).exchange(
                "/engine-rest/deployment/create", org.springframework.http.HttpMethod.POST,
                new HttpEntity<>(form, headers), Fixtures.JSON);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) response.getBody().get("message"))
                .contains("step 'introEmail' of sequence 'restInvalid': email template 'nope' not found");
    }

    @Test
    void aDiagramWithoutHistoryTimeToLiveDeploysWithTheEngineDefault() {
        repository.createDeployment().addModelInstance("no-ttl.bpmn",
                Bpmn.createExecutableProcess("noTimeToLive").startEvent().endEvent().done()).deploy();
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("noTimeToLive").latestVersion()
                .singleResult().getHistoryTimeToLive()).isEqualTo(180);
    }

    @Test
    void theShippedSequencesAreValid() {
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("firstTouch").count()).isPositive();
    }

    private static ProcessBuilder sequence(String id) {
        return Bpmn.createExecutableProcess(id);
    }

    private void assertRejected(BpmnModelInstance model, String message) {
        String key = model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class).iterator().next().getId();
        assertThatThrownBy(() -> repository.createDeployment().addModelInstance(key + ".bpmn", model).deploy())
                .isInstanceOf(ParseException.class)
                .hasMessageContaining(message);
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(key).count()).isZero();
    }
}
