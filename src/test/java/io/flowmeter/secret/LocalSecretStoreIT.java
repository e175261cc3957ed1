package io.flowmeter.secret;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local secret store on the real database: the shared contract, envelope encryption, tampering, rotation. */
class LocalSecretStoreIT extends IntegrationTest implements SecretStoreContract {

    @Autowired LocalSecretStore store;
    @Autowired TestData data;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired ObjectMapper json;
    @Autowired MasterKeys masterKeys;
    @Autowired @Qualifier("owner") DataSource ownerDataSource;

    UUID tenant;
    JdbcTemplate owner;

    @BeforeEach
    void tenants() {
        tenant = newTenant();
        owner = new JdbcTemplate(ownerDataSource);
    }

    @Override
    public SecretStore store() {
        return store;
    }

    @Override
    public UUID newTenant() {
        return data.newTenant("secrets").tenantId();
    }

    @Test
    void storesOnlyCiphertextAndEachValueUnderAFreshNonce() {
        store.put(tenant, "plain", Map.of("password", "correct horse battery staple"));
        store.put(tenant, "plain", Map.of("password", "correct horse battery staple"));
        List<byte[]> ciphertexts = owner.queryForList("select ciphertext from secret_values where tenant_id = ? and name = 'plain'",
                byte[].class, tenant);
        assertThat(ciphertexts).hasSize(2);
        for (byte[] ciphertext : ciphertexts) {
            assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("correct horse");
        }
        assertThat(ciphertexts.get(0)).isNotEqualTo(ciphertexts.get(1));
        byte[] wrappedKey = owner.queryForObject("select wrapped_key from secret_data_keys where tenant_id = ?", byte[].class, tenant);
        assertThat(wrappedKey).hasSizeGreaterThan(32); // the data key exists only wrapped (+ GCM tag)
    }

    @Test
    void modifiedOrMovedCiphertextIsRejected() {
        store.put(tenant, "victim", Map.of("token", "t"));
        owner.update("update secret_values set ciphertext = set_byte(ciphertext, 0, (get_byte(ciphertext, 0) + 1) % 256) "
                + "where tenant_id = ? and name = 'victim'", tenant);
        assertThatThrownBy(() -> store.get(tenant, "victim")).isInstanceOf(SecretTamperedException.class);

        store.put(tenant, "a", Map.of("token", "for a"));
        store.put(tenant, "b", Map.of("token", "for b"));
        owner.update("delete from secret_values where tenant_id = ? and name = 'b'", tenant);
        owner.update("update secret_values set name = 'b' where tenant_id = ? and name = 'a'", tenant);
        assertThatThrownBy(() -> store.get(tenant, "b")).isInstanceOf(SecretTamperedException.class);
    }

    @Test
    void rotatingTheMasterKeyRewrapsDataKeysWhileReadsKeepWorking() {
        store.put(tenant, "long-lived", Map.of("token", "before rotation"));
        var newMaster = MasterKeys.parse(MasterKeys.generate(), "test");
        var rotated = new LocalSecretStore(jdbc, tx, new MasterKeys(newMaster, List.of(masterKeys.current())), json);
        // during the rotation both nodes (old and new configuration) read everything
        assertThat(rotated.get(tenant, "long-lived")).hasValueSatisfying(s -> assertThat(s.values()).containsEntry("token", "before rotation"));
        assertThat(rotated.rewrapDataKeys()).isPositive();
        assertThat(owner.queryForObject("select count(*) from secret_data_keys where master_key_id <> ?", Integer.class,
                MasterKeys.id(newMaster))).isZero();
        var afterwards = new LocalSecretStore(jdbc, tx, new MasterKeys(newMaster, List.of()), json);
        assertThat(afterwards.get(tenant, "long-lived")).hasValueSatisfying(s -> assertThat(s.values()).containsEntry("token", "before rotation"));
        afterwards.put(tenant, "long-lived", Map.of("token", "after rotation"));
        assertThat(afterwards.get(tenant, "long-lived")).hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(2));
        // put the shared store's key back for the other tests
        new LocalSecretStore(jdbc, tx, new MasterKeys(masterKeys.current(), List.of(newMaster)), json).rewrapDataKeys();
    }

    @Test
    void badMasterKeysAreRefusedWithClearMessages() {
        assertThatThrownBy(() -> MasterKeys.parse("not base64!", "FLOWMETER_MASTER_KEY")).hasMessageContaining("base64");
        assertThatThrownBy(() -> MasterKeys.parse("c2hvcnQ=", "FLOWMETER_MASTER_KEY")).hasMessageContaining("32 bytes");
    }
}
