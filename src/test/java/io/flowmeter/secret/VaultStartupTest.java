package io.flowmeter.secret;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FLOWMETER_SECRETS=vault refuses to start, saying why, when Vault cannot serve. */
class VaultStartupTest {

    final SecretStoreConfiguration configuration = new SecretStoreConfiguration();

    @Test
    void unreachableVault() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String address = "http://127.0.0.1:" + closedPort;
        assertThatThrownBy(() -> configuration.vaultSecretStore(address, "t", "", "", "", "secret", "flowmeter"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unreachable").hasMessageContaining(address);
    }

    @Test
    void sealedVault() throws Exception {
        try (var vault = new VaultHttpApiTestDouble("t")) {
            vault.sealed = true;
            assertThatThrownBy(() -> configuration.vaultSecretStore(vault.address(), "t", "", "", "", "secret", "flowmeter"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("sealed");
            vault.sealed = false;
            assertThat(configuration.vaultSecretStore(vault.address(), "t", "", "", "", "secret", "flowmeter")).isNotNull();
        }
    }

    @Test
    void missingSettings() {
        assertThatThrownBy(() -> configuration.vaultSecretStore("", "t", "", "", "", "secret", "flowmeter"))
                .hasMessageContaining("FLOWMETER_VAULT_ADDR");
        assertThatThrownBy(() -> configuration.vaultSecretStore("http://127.0.0.1:1", "", "", "", "", "secret", "flowmeter"))
                .hasMessageContaining("FLOWMETER_VAULT_TOKEN");
    }
}
