package io.flowmeter.trigger.poll;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** A polling workflow's state over REST: source, interval, last poll and its error, runs started, ids seen. */
@RestController
@RequestMapping("/api/v1/workflows/{workflowId}/polling")
class PollApiController {

    private final PollService polls;

    PollApiController(PollService polls) {
        this.polls = polls;
    }

    @GetMapping
    PollService.PollView get(@PathVariable UUID workflowId) {
        return polls.view(workflowId);
    }
}
