package io.flowmeter.shared;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What this node does ({@code FLOWMETER_ROLES}, property {@code flowmeter.roles}): {@code web} serves the UI, the
 * REST API and webhooks and runs no background job server; {@code worker} runs the background job server, timers,
 * recovery, schedules, polls and the periodic sweeps, and serves nothing but health and metrics; {@code all} (the
 * default, and what {@code web,worker} means) does both, as one machine does.
 */
@Component
public class NodeRoles {

    public static final String PROPERTY = "flowmeter.roles";
    public static final String WEB = "web";
    public static final String WORKER = "worker";
    public static final String ALL = "all";

    private final boolean web;
    private final boolean worker;

    @org.springframework.beans.factory.annotation.Autowired
    NodeRoles(Environment environment) {
        this(environment.getProperty(PROPERTY, ALL));
    }

    public NodeRoles(String roles) {
        Set<String> named = parse(roles);
        this.web = named.contains(ALL) || named.contains(WEB);
        this.worker = named.contains(ALL) || named.contains(WORKER);
    }

    /** Serves the UI, the REST API and webhooks. */
    public boolean web() {
        return web;
    }

    /** Runs background work: step jobs, timers, recovery, schedules, polls, sweeps. */
    public boolean worker() {
        return worker;
    }

    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void announce() {
        org.slf4j.LoggerFactory.getLogger(NodeRoles.class).info("Node roles: {} ({})", this,
                web && worker ? "UI, API, webhooks and background work" : web ? "UI, API and webhooks; no background job server"
                        : "background work; serves only health and metrics");
    }

    @Override
    public String toString() {
        return web && worker ? ALL : web ? WEB : WORKER;
    }

    /** The roles named, refused with a message saying what is allowed when one is unknown or none is named. */
    static Set<String> parse(String roles) {
        Set<String> named = new LinkedHashSet<>();
        for (String role : (roles == null ? "" : roles).split(",")) {
            String clean = role.strip().toLowerCase(Locale.ROOT);
            if (!clean.isEmpty()) {
                named.add(clean);
            }
        }
        Set<String> unknown = new LinkedHashSet<>(named);
        unknown.removeAll(Set.of(WEB, WORKER, ALL));
        if (named.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException("FLOWMETER_ROLES must name web, worker or all (comma-separated; default all), not '"
                    + roles + "'" + (unknown.isEmpty() ? "" : ": unknown " + Arrays.toString(unknown.toArray())));
        }
        return named;
    }
}
