package io.flowmeter.workflow.api;

import io.flowmeter.workflow.domain.Workflow;
import io.flowmeter.workflow.gallery.WorkflowTemplate;
import io.flowmeter.workflow.gallery.WorkflowTemplates;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** The template library over REST: what there is, and a new draft from one. */
@RestController
@RequestMapping("/api/v1/templates")
class TemplateController {

    record TemplateView(String key, String title, String category, String summary, String saves, List<String> needs, int steps) {
        static TemplateView of(WorkflowTemplate t) {
            return new TemplateView(t.key(), t.title(), t.category(), t.summary(), t.saves(), t.needs(), t.workflow().nodesOrEmpty().size());
        }
    }

    record Created(UUID id, String name) {
    }

    private final WorkflowTemplates templates;

    TemplateController(WorkflowTemplates templates) {
        this.templates = templates;
    }

    @GetMapping
    List<TemplateView> list() {
        return templates.all().stream().map(TemplateView::of).toList();
    }

    @PostMapping("/{key}/workflows")
    ResponseEntity<Created> use(@PathVariable String key) {
        Workflow workflow = templates.create(key);
        return ResponseEntity.created(URI.create("/api/v1/workflows/" + workflow.getId())).body(new Created(workflow.getId(), workflow.getName()));
    }
}
