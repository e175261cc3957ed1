package io.flowmeter.workflow.service;

import io.flowmeter.shared.ConflictException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A draft save made on a stale copy: {@code who} saved the draft after the editor loaded it. */
public class DraftConflictException extends ConflictException {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final String who;

    public DraftConflictException(String who, Instant at) {
        super(who + " saved this draft at " + TIME.format(at) + ", after you opened it; reload it to see their changes "
                + "(yours are not saved)");
        this.who = who;
    }

    public String who() {
        return who;
    }
}
