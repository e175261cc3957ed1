package io.flowmeter.secret;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Vault secret store against the Vault HTTP API test double, or against a real Vault / OpenBao when
 * {@code VAULT_ADDR} and {@code VAULT_TOKEN} are set (KV v2 mounted at {@code VAULT_KV_MOUNT}, default "secret").
 */
class VaultSecretStoreTest implements SecretStoreContract {

    static VaultHttpApiTestDouble testDouble;
    static VaultSecretStore store;

    @BeforeAll
    static void vault() throws Exception {
        String address = System.getenv("VAULT_ADDR");
        String token = System.getenv("VAULT_TOKEN");
        String mount = System.getenv().getOrDefault("VAULT_KV_MOUNT", "secret");
        if (address == null || address.isBlank() || token == null || token.isBlank()) {
            System.out.println("VaultSecretStoreTest: VAULT_ADDR/VAULT_TOKEN not set, running against the Vault HTTP API test double");
            token = "test-double-token";
            testDouble = new VaultHttpApiTestDouble(token);
            address = testDouble.address();
        } else {
            System.out.println("VaultSecretStoreTest: running against the real Vault at " + address);
        }
        var template = new VaultTemplate(VaultEndpoint.from(URI.create(address)), new TokenAuthentication(token));
        store = new VaultSecretStore(template, mount, "flowmeter-test-" + UUID.randomUUID());
    }

    @AfterAll
    static void stop() {
        if (testDouble != null) {
            testDouble.close();
        }
    }

    @Override
    public SecretStore store() {
        return store;
    }

    @Override
    public UUID newTenant() {
        return UUID.randomUUID();
    }

    @Test
    void refusesNamesThatWouldEscapeThePath() {
        assertThatThrownBy(() -> store.put(UUID.randomUUID(), "../other-tenant/x", Map.of("k", "v")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
