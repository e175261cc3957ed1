package io.flowmeter.audit.api;

import io.flowmeter.audit.AuditEntry;
import io.flowmeter.audit.AuditFilter;
import io.flowmeter.audit.AuditLog;
import io.flowmeter.shared.Inputs;
import io.flowmeter.shared.Paging;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;

/** The organization's audit log over REST, newest first, a page at a time. */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

    record Actor(String kind, @Nullable UUID id, String name) {
    }

    record Entry(UUID id, Instant at, Actor actor, @Nullable String ip, @Nullable String userAgent, String action,
                 String objectType, @Nullable String objectId, @Nullable String objectName, @JsonRawValue @Nullable String before,
                 @JsonRawValue @Nullable String after) {

        static Entry of(AuditEntry e) {
            return new Entry(e.id(), e.at(), new Actor(e.actorKind().name(), e.actorId(), e.actorName()), e.ip(), e.userAgent(),
                    e.action(), e.objectType(), e.objectId(), e.objectName(), e.before(), e.after());
        }
    }

    record EntryList(List<Entry> items, @Nullable String next) {
    }

    private final AuditLog log;

    AuditController(AuditLog log) {
        this.log = log;
    }

    @GetMapping
    EntryList list(@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
                   @RequestParam(required = false) @Nullable String action, @RequestParam(required = false) @Nullable String actor,
                   @RequestParam(required = false) @Nullable String object, @RequestParam(required = false) @Nullable String cursor,
                   @RequestParam(defaultValue = "50") int limit) {
        var filter = new AuditFilter(Inputs.instant("from", from), Inputs.instant("to", to), action, actor, object);
        var page = log.search(filter, cursor, Paging.size("limit", limit));
        return new EntryList(page.items().stream().map(Entry::of).toList(), page.next());
    }
}
