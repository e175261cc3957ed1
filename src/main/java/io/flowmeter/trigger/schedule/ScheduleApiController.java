package io.flowmeter.trigger.schedule;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** A workflow's schedule over REST: expression, zone, overlap policy, the next five fire times and its counters. */
@RestController
@RequestMapping("/api/v1/workflows/{workflowId}/schedule")
class ScheduleApiController {

    private final ScheduleService schedules;

    ScheduleApiController(ScheduleService schedules) {
        this.schedules = schedules;
    }

    /** {@code ?draft=true}: preview the draft's schedule before publishing. */
    @GetMapping
    ScheduleService.ScheduleView get(@PathVariable UUID workflowId, @RequestParam(defaultValue = "false") boolean draft) {
        return schedules.view(workflowId, draft);
    }
}
