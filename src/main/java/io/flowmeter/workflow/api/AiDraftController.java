package io.flowmeter.workflow.api;

import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.workflow.domain.Workflow;
import io.flowmeter.workflow.gallery.AiDrafts;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/** "Describe it" over REST: a description becomes a draft through the organization's model. */
@RestController
@RequestMapping("/api/v1/workflows/draft")
class AiDraftController {

    record DraftRequest(@Nullable String description, @Nullable String provider, @Nullable String model, @Nullable UUID connectionId,
                        @Nullable String baseUrl) {
    }

    record Drafted(UUID id, String name) {
    }

    private final AiDrafts drafts;

    AiDraftController(AiDrafts drafts) {
        this.drafts = drafts;
    }

    @PostMapping
    ResponseEntity<Drafted> draft(@RequestBody DraftRequest request) {
        if (request.model() == null || request.model().isBlank()) {
            throw new InvalidInputException("model", "Name the model, e.g. gpt-4o-mini or claude-3-5-haiku-latest");
        }
        Workflow workflow = drafts.draft(request.description() == null ? "" : request.description(),
                new AiDrafts.Model(request.provider() == null ? "llm.chat" : request.provider(), request.model().strip(), request.connectionId(),
                        request.baseUrl()));
        return ResponseEntity.created(URI.create("/api/v1/workflows/" + workflow.getId())).body(new Drafted(workflow.getId(), workflow.getName()));
    }
}
