package io.flowmeter.secret;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;

/** Chooses the secret store: {@code FLOWMETER_SECRETS=local} (default) is the encrypted store in PostgreSQL. */
@Configuration(proxyBeanMethods = false)
class SecretStoreConfiguration {

    @Bean
    @ConditionalOnProperty(name = "flowmeter.secrets.store", havingValue = "local", matchIfMissing = true)
    MasterKeys masterKeys(@Value("${flowmeter.secrets.master-key:}") String masterKey,
                          @Value("${flowmeter.secrets.previous-master-keys:}") String previous,
                          @Value("${flowmeter.secrets.key-file}") String keyFile) {
        return MasterKeys.load(masterKey, previous, Path.of(keyFile));
    }

    @Bean
    @ConditionalOnProperty(name = "flowmeter.secrets.store", havingValue = "local", matchIfMissing = true)
    LocalSecretStore localSecretStore(JdbcTemplate jdbc, TransactionTemplate tx, MasterKeys masterKeys, ObjectMapper json) {
        return new LocalSecretStore(jdbc, tx, masterKeys, json);
    }
}
