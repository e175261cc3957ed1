package io.flowmeter.secret;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FLOWMETER_SECRETS=vault refuses to start, saying why, when Vault cannot serve. */
class VaultStartupTest {

    final SecretStoreConfiguration configuration = new SecretStoreConfiguration();

    static SecretStoreConfiguration.VaultSettings settings(String address, String token) {
        return new SecretStoreConfiguration.VaultSettings(address, token, "", "", "", "kubernetes", "/nonexistent", "", "secret", "flowmeter");
    }

    @Test
    void unreachableVault() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String address = "http://127.0.0.1:" + closedPort;
        assertThatThrownBy(() -> configuration.vaultSecretStore(settings(address, "t")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unreachable").hasMessageContaining(address);
    }

    @Test
    void sealedVault() throws Exception {
        try (var vault = new VaultHttpApiTestDouble("t")) {
            vault.sealed = true;
            assertThatThrownBy(() -> configuration.vaultSecretStore(settings(vault.address(), "t")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("sealed");
            vault.sealed = false;
            assertThat(configuration.vaultSecretStore(settings(vault.address(), "t"))).isNotNull();
        }
    }

    @Test
    void missingSettings() {
        assertThatThrownBy(() -> configuration.vaultSecretStore(settings("", "t")))
                .hasMessageContaining("FLOWMETER_VAULT_ADDR");
        assertThatThrownBy(() -> configuration.vaultSecretStore(settings("http://127.0.0.1:1", "")))
                .hasMessageContaining("FLOWMETER_VAULT_TOKEN");
    }

    @Test
    void appRoleAndKubernetesLoginsAndARefusedLogin(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (var vault = new VaultHttpApiTestDouble("issued-token")) {
            var appRole = new SecretStoreConfiguration.VaultSettings(vault.address(), "", VaultHttpApiTestDouble.ROLE_ID,
                    VaultHttpApiTestDouble.SECRET_ID, "", "kubernetes", "/nonexistent", "", "secret", "flowmeter");
            roundTrip(configuration.vaultSecretStore(appRole));

            java.nio.file.Path jwt = dir.resolve("token");
            java.nio.file.Files.writeString(jwt, VaultHttpApiTestDouble.KUBERNETES_JWT);
            var kubernetes = new SecretStoreConfiguration.VaultSettings(vault.address(), "", "", "",
                    VaultHttpApiTestDouble.KUBERNETES_ROLE, "kubernetes", jwt.toString(), "", "secret", "flowmeter");
            roundTrip(configuration.vaultSecretStore(kubernetes));

            var wrongRole = new SecretStoreConfiguration.VaultSettings(vault.address(), "", "", "", "someone-else", "kubernetes",
                    jwt.toString(), "", "secret", "flowmeter");
            assertThatThrownBy(() -> configuration.vaultSecretStore(wrongRole)).hasMessageContaining("refused Flowmeter's login");
            var noTokenFile = new SecretStoreConfiguration.VaultSettings(vault.address(), "", "", "", "flowmeter", "kubernetes",
                    dir.resolve("missing").toString(), "", "secret", "flowmeter");
            assertThatThrownBy(() -> configuration.vaultSecretStore(noTokenFile)).hasMessageContaining("service-account token");
        }
    }

    private static void roundTrip(VaultSecretStore store) {
        var tenant = java.util.UUID.randomUUID();
        store.put(tenant, "c1", java.util.Map.of("token", "v"));
        assertThat(store.get(tenant, "c1")).hasValueSatisfying(s -> assertThat(s.values()).containsEntry("token", "v"));
    }
}
