package io.flowmeter.trigger.webhook;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** A workflow's webhook address over REST: read it (created on first read) or replace it. */
@RestController
@RequestMapping("/api/v1/workflows/{workflowId}/webhook")
class WebhookApiController {

    private final WebhookService webhooks;

    WebhookApiController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @GetMapping
    WebhookService.Hook get(@PathVariable UUID workflowId) {
        return webhooks.hook(workflowId);
    }

    /** A new URL; the old one answers 404 from now on. */
    @PostMapping("/regenerate")
    WebhookService.Hook regenerate(@PathVariable UUID workflowId) {
        return webhooks.regenerate(workflowId);
    }
}
