package io.flowmeter.workflow.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.workflow.service.DefinitionValidator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template library: at least ten templates across sales, support, finance, ops and AI, each a valid workflow of
 * built-in steps that says what it saves and needs; over REST, the list and a new draft from one.
 */
class WorkflowTemplatesIT extends IntegrationTest {

    @Autowired WorkflowTemplates templates;
    @Autowired DefinitionValidator validator;
    @Autowired TestData data;
    @LocalServerPort int port;

    @Test
    void everyTemplateIsAValidWorkflowOfBuiltInStepsAcrossTheCategories() {
        List<WorkflowTemplate> all = templates.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(10);
        assertThat(all).extracting(WorkflowTemplate::category).containsAll(WorkflowTemplate.CATEGORIES);
        Set<String> keys = new HashSet<>();
        for (WorkflowTemplate t : all) {
            assertThat(keys.add(t.key())).as("unique key " + t.key()).isTrue();
            assertThat(WorkflowTemplate.CATEGORIES).as(t.key()).contains(t.category());
            assertThat(t.title()).as(t.key()).isNotBlank().hasSizeLessThanOrEqualTo(120);
            assertThat(t.summary()).as(t.key()).isNotBlank();
            assertThat(t.saves()).as(t.key()).isNotBlank();
            assertThat(validator.validate(t.workflow())).as(t.key() + " validates").isEmpty();
            assertThat(t.workflow().trigger()).as(t.key() + " has a trigger").isPresent();
            // every node says what it is, where it is drawn
            assertThat(t.workflow().nodesOrEmpty()).as(t.key()).allMatch(n -> n.name() != null && n.position() != null);
        }
    }

    @Test
    void aTemplateBecomesADraftOverRest() throws Exception {
        var api = new ApiClient(port);
        String key = data.apiKeyFor(data.newTenant("templates"));
        JsonNode list = api.body(api.call("GET", "/api/v1/templates", null, key));
        assertThat(list.size()).isGreaterThanOrEqualTo(10);
        assertThat(list.get(0).get("saves").asText()).isNotBlank();
        var created = api.call("POST", "/api/v1/templates/uptime-check/workflows", null, key);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = api.body(created).get("id").asText();
        JsonNode exported = api.body(api.call("GET", "/api/v1/workflows/" + id + "/export", null, key));
        assertThat(exported.get("name").asText()).isEqualTo("Check a website every 5 minutes, alert Slack when it is down");
        assertThat(exported.get("nodes")).hasSize(3);
        assertThat(api.call("POST", "/api/v1/templates/no-such-template/workflows", null, key).statusCode()).isEqualTo(404);
    }
}
