package io.flowmeter.secret;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Secrets by tenant and name (e.g. a connection's id), versioned: every {@link #put} adds a version and
 * reads return the latest unless a version is asked for. Callers must not hold a database transaction.
 */
public interface SecretStore {

    /** Stores the values as the next version of {@code name}; returns that version (1 for the first). */
    int put(UUID tenantId, String name, Map<String, String> values);

    Optional<Secret> get(UUID tenantId, String name);

    Optional<Secret> get(UUID tenantId, String name, int version);

    /** Deletes every version of {@code name}. */
    void delete(UUID tenantId, String name);

    /** The names that have secrets in this tenant. */
    List<String> list(UUID tenantId);

    /** Deletes every secret of the tenant (its organization was deleted); nothing left is success. */
    default void deleteTenant(UUID tenantId) {
        for (String name : list(tenantId)) {
            delete(tenantId, name);
        }
    }

    /** One version of a secret. Its values never appear in {@link #toString()}. */
    record Secret(String name, int version, Map<String, String> values) {
        @Override
        public String toString() {
            return "Secret[" + name + " v" + version + ", " + values.keySet() + " hidden]";
        }
    }
}
