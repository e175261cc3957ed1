package io.flowmeter.secret;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;

/**
 * Chooses the secret store: {@code FLOWMETER_SECRETS=local} (default) is the encrypted store in PostgreSQL,
 * {@code vault} is HashiCorp Vault or OpenBao.
 */
@Configuration(proxyBeanMethods = false)
class SecretStoreConfiguration {

    @Bean
    @ConditionalOnProperty(name = "flowmeter.secrets.store", havingValue = "local", matchIfMissing = true)
    MasterKeys masterKeys(@Value("${flowmeter.secrets.master-key:}") String masterKey,
                          @Value("${flowmeter.secrets.previous-master-keys:}") String previous,
                          @Value("${flowmeter.secrets.key-file}") String keyFile) {
        return MasterKeys.load(masterKey, previous, Path.of(keyFile));
    }

    /** How to reach and authenticate to Vault: token, else AppRole, else Kubernetes service-account login. */
    public record VaultSettings(String address, String token, String roleId, String secretId, String kubernetesRole,
                                String kubernetesMount, String kubernetesTokenFile, String namespace, String mount, String prefix) {
    }

    @Bean
    @ConditionalOnProperty(name = "flowmeter.secrets.store", havingValue = "vault")
    VaultSecretStore vaultSecretStore(@Value("${flowmeter.secrets.vault.address}") String address,
                                      @Value("${flowmeter.secrets.vault.token:}") String token,
                                      @Value("${flowmeter.secrets.vault.role-id:}") String roleId,
                                      @Value("${flowmeter.secrets.vault.secret-id:}") String secretId,
                                      @Value("${flowmeter.secrets.vault.kubernetes-role:}") String kubernetesRole,
                                      @Value("${flowmeter.secrets.vault.kubernetes-mount:kubernetes}") String kubernetesMount,
                                      @Value("${flowmeter.secrets.vault.kubernetes-token-file:/var/run/secrets/kubernetes.io/serviceaccount/token}")
                                      String kubernetesTokenFile,
                                      @Value("${flowmeter.secrets.vault.namespace:}") String namespace,
                                      @Value("${flowmeter.secrets.vault.mount:secret}") String mount,
                                      @Value("${flowmeter.secrets.vault.prefix:flowmeter}") String prefix) {
        return vaultSecretStore(new VaultSettings(address, token, roleId, secretId, kubernetesRole, kubernetesMount,
                kubernetesTokenFile, namespace, mount, prefix));
    }

    /**
     * Vault or OpenBao with token, AppRole or Kubernetes authentication, an optional namespace and a configurable
     * KV v2 mount. Refuses to start, saying why, when Vault is unreachable, sealed or not initialized, or when the
     * login is refused.
     */
    VaultSecretStore vaultSecretStore(VaultSettings settings) {
        String address = settings.address();
        if (address.isBlank()) {
            throw new IllegalStateException("FLOWMETER_SECRETS=vault needs FLOWMETER_VAULT_ADDR (e.g. https://vault.example.com:8200)");
        }
        var endpoint = org.springframework.vault.client.VaultEndpoint.from(java.net.URI.create(address.strip()));
        var builder = org.springframework.vault.client.RestTemplateBuilder.builder().endpoint(endpoint);
        if (!settings.namespace().isBlank()) {
            builder.defaultHeader("X-Vault-Namespace", settings.namespace().strip());
        }
        org.springframework.vault.authentication.ClientAuthentication authentication;
        if (!settings.token().isBlank()) {
            authentication = new org.springframework.vault.authentication.TokenAuthentication(settings.token().strip());
        } else if (!settings.roleId().isBlank()) {
            var options = org.springframework.vault.authentication.AppRoleAuthenticationOptions.builder()
                    .roleId(org.springframework.vault.authentication.AppRoleAuthenticationOptions.RoleId.provided(settings.roleId().strip()))
                    .secretId(org.springframework.vault.authentication.AppRoleAuthenticationOptions.SecretId.provided(settings.secretId().strip()))
                    .build();
            authentication = new org.springframework.vault.authentication.AppRoleAuthentication(options, builder.build());
        } else if (!settings.kubernetesRole().isBlank()) {
            var tokenFile = java.nio.file.Path.of(settings.kubernetesTokenFile());
            if (!java.nio.file.Files.isReadable(tokenFile)) {
                throw new IllegalStateException("Vault Kubernetes login needs the pod's service-account token at " + tokenFile
                        + " (FLOWMETER_VAULT_KUBERNETES_TOKEN_FILE)");
            }
            var options = org.springframework.vault.authentication.KubernetesAuthenticationOptions.builder()
                    .role(settings.kubernetesRole().strip())
                    .path(settings.kubernetesMount().strip())
                    .jwtSupplier(new org.springframework.vault.authentication.KubernetesServiceAccountTokenFile(tokenFile.toFile()))
                    .build();
            authentication = new org.springframework.vault.authentication.KubernetesAuthentication(options, builder.build());
        } else {
            throw new IllegalStateException("FLOWMETER_SECRETS=vault needs FLOWMETER_VAULT_TOKEN, FLOWMETER_VAULT_ROLE_ID and "
                    + "FLOWMETER_VAULT_SECRET_ID (AppRole), or FLOWMETER_VAULT_KUBERNETES_ROLE");
        }
        var template = new org.springframework.vault.core.VaultTemplate(builder,
                new org.springframework.vault.authentication.SimpleSessionManager(authentication));
        org.springframework.vault.support.VaultHealth health;
        try {
            health = template.opsForSys().health();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Vault at " + address + " is unreachable: " + e.getMessage(), e);
        }
        if (!health.isInitialized() || health.isSealed()) {
            throw new IllegalStateException("Vault at " + address + " is " + (health.isSealed() ? "sealed" : "not initialized")
                    + "; unseal it and start Flowmeter again");
        }
        try {
            // log in now, so refused credentials stop the start instead of the first step that needs a secret
            template.read("auth/token/lookup-self");
        } catch (RuntimeException e) {
            throw new IllegalStateException("Vault at " + address + " refused Flowmeter's login: " + e.getMessage(), e);
        }
        return new VaultSecretStore(template, settings.mount().strip(), settings.prefix().strip());
    }

    @Bean
    @ConditionalOnProperty(name = "flowmeter.secrets.store", havingValue = "local", matchIfMissing = true)
    LocalSecretStore localSecretStore(JdbcTemplate jdbc, TransactionTemplate tx, MasterKeys masterKeys, ObjectMapper json) {
        return new LocalSecretStore(jdbc, tx, masterKeys, json);
    }
}
