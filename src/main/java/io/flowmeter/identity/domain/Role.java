package io.flowmeter.identity.domain;

import java.util.Arrays;
import java.util.List;

/**
 * A member's role in a tenant, most powerful first. Each role includes every role after it, so a check for
 * BUILDER also admits ADMIN and OWNER.
 */
public enum Role {
    OWNER("Owner", "Everything, including deleting members and other owners"),
    ADMIN("Admin", "Manages members, API keys and connections"),
    BUILDER("Builder", "Builds and publishes workflows"),
    OPERATOR("Operator", "Runs workflows and handles approvals"),
    VIEWER("Viewer", "Reads workflows, runs and reports");

    /** The role names as Spring Security and {@code @RolesAllowed} know them (higher roles include lower ones). */
    public static final class Names {
        public static final String OWNER = "OWNER";
        public static final String ADMIN = "ADMIN";
        public static final String BUILDER = "BUILDER";
        public static final String OPERATOR = "OPERATOR";
        public static final String VIEWER = "VIEWER";

        private Names() {
        }
    }

    private final String label;
    private final String description;

    Role(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public boolean includes(Role other) {
        return ordinal() <= other.ordinal();
    }

    /** This role and every role it includes. */
    public List<Role> implied() {
        return Arrays.stream(values()).filter(this::includes).toList();
    }

    public boolean canManageMembers() {
        return includes(ADMIN);
    }
}
