package io.flowmeter.secret;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What every secret store does, run against each implementation. */
interface SecretStoreContract {

    SecretStore store();

    /** A tenant id the store may write for (the local store needs the tenant to exist). */
    UUID newTenant();

    @Test
    default void roundTripsVersionsListsAndDeletes() {
        UUID tenant = newTenant();
        SecretStore store = store();
        assertThat(store.put(tenant, "conn-1", Map.of("token", "s3cr3t-token-value"))).isEqualTo(1);
        assertThat(store.put(tenant, "conn-1", Map.of("token", "rotated-token-value", "refresh", "r"))).isEqualTo(2);
        store.put(tenant, "conn-2", Map.of("apiKey", "k"));

        assertThat(store.get(tenant, "conn-1")).hasValueSatisfying(s -> {
            assertThat(s.version()).isEqualTo(2);
            assertThat(s.values()).containsEntry("token", "rotated-token-value").containsEntry("refresh", "r");
            assertThat(s.toString()).doesNotContain("rotated-token-value");
        });
        assertThat(store.get(tenant, "conn-1", 1)).hasValueSatisfying(s -> assertThat(s.values()).containsEntry("token", "s3cr3t-token-value"));
        assertThat(store.list(tenant)).containsExactly("conn-1", "conn-2");

        store.delete(tenant, "conn-1");
        assertThat(store.get(tenant, "conn-1")).isEmpty();
        assertThat(store.list(tenant)).containsExactly("conn-2");
    }

    @Test
    default void anotherTenantSeesNothing() {
        UUID tenant = newTenant();
        UUID other = newTenant();
        store().put(tenant, "mine", Map.of("token", "t"));
        assertThat(store().get(other, "mine")).isEmpty();
        assertThat(store().list(other)).isEmpty();
        store().delete(other, "mine");
        assertThat(store().get(tenant, "mine")).isPresent();
    }

    @Test
    default void deletingATenantsSecretsLeavesOtherTenantsAlone() {
        UUID doomed = newTenant();
        UUID other = newTenant();
        store().put(doomed, "conn-a", Map.of("token", "a"));
        store().put(doomed, "conn-a", Map.of("token", "a2"));
        store().put(doomed, "conn-b", Map.of("token", "b"));
        store().put(other, "conn-a", Map.of("token", "kept"));

        store().deleteTenant(doomed);
        store().deleteTenant(doomed); // nothing left is success

        assertThat(store().list(doomed)).isEmpty();
        assertThat(store().get(doomed, "conn-a")).isEmpty();
        assertThat(store().get(doomed, "conn-a", 1)).isEmpty();
        assertThat(store().get(other, "conn-a")).hasValueSatisfying(s -> assertThat(s.values()).containsEntry("token", "kept"));
    }
}
