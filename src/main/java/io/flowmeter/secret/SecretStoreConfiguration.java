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

    /**
     * Vault or OpenBao with token or AppRole authentication, an optional namespace and a configurable KV v2
     * mount. Refuses to start, saying why, when Vault is unreachable, sealed or not initialized.
     */
    @Bean
    @ConditionalOnProperty(name = "flowmeter.secrets.store", havingValue = "vault")
    VaultSecretStore vaultSecretStore(@Value("${flowmeter.secrets.vault.address}") String address,
                                      @Value("${flowmeter.secrets.vault.token:}") String token,
                                      @Value("${flowmeter.secrets.vault.role-id:}") String roleId,
                                      @Value("${flowmeter.secrets.vault.secret-id:}") String secretId,
                                      @Value("${flowmeter.secrets.vault.namespace:}") String namespace,
                                      @Value("${flowmeter.secrets.vault.mount:secret}") String mount,
                                      @Value("${flowmeter.secrets.vault.prefix:flowmeter}") String prefix) {
        if (address.isBlank()) {
            throw new IllegalStateException("FLOWMETER_SECRETS=vault needs FLOWMETER_VAULT_ADDR (e.g. https://vault.example.com:8200)");
        }
        var endpoint = org.springframework.vault.client.VaultEndpoint.from(java.net.URI.create(address.strip()));
        var builder = org.springframework.vault.client.RestTemplateBuilder.builder().endpoint(endpoint);
        if (!namespace.isBlank()) {
            builder.defaultHeader("X-Vault-Namespace", namespace.strip());
        }
        org.springframework.vault.authentication.ClientAuthentication authentication;
        if (!token.isBlank()) {
            authentication = new org.springframework.vault.authentication.TokenAuthentication(token.strip());
        } else if (!roleId.isBlank()) {
            var options = org.springframework.vault.authentication.AppRoleAuthenticationOptions.builder()
                    .roleId(org.springframework.vault.authentication.AppRoleAuthenticationOptions.RoleId.provided(roleId.strip()))
                    .secretId(org.springframework.vault.authentication.AppRoleAuthenticationOptions.SecretId.provided(secretId.strip()))
                    .build();
            authentication = new org.springframework.vault.authentication.AppRoleAuthentication(options, builder.build());
        } else {
            throw new IllegalStateException("FLOWMETER_SECRETS=vault needs FLOWMETER_VAULT_TOKEN or FLOWMETER_VAULT_ROLE_ID and FLOWMETER_VAULT_SECRET_ID");
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
        return new VaultSecretStore(template, mount.strip(), prefix.strip());
    }

    @Bean
    @ConditionalOnProperty(name = "flowmeter.secrets.store", havingValue = "local", matchIfMissing = true)
    LocalSecretStore localSecretStore(JdbcTemplate jdbc, TransactionTemplate tx, MasterKeys masterKeys, ObjectMapper json) {
        return new LocalSecretStore(jdbc, tx, masterKeys, json);
    }
}
