package io.flowmeter.secret;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flowmeter.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The embedded default: envelope encryption in PostgreSQL. Each tenant has a data key (AES-256) stored only
 * wrapped by the master key; each value is sealed with the tenant's data key under a fresh nonce, bound to
 * (tenant, name, version), and stored with the id of the data key that sealed it. Rows are tenant-owned and
 * under row-level security like everything else. Unwrapped data keys are kept in memory for a few minutes.
 */
public class LocalSecretStore implements SecretStore {

    private static final int MAX_NAME = 200;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final MasterKeys masterKeys;
    private final ObjectMapper json;
    private final Cache<UUID, SecretKey> dataKeys = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    public LocalSecretStore(JdbcTemplate jdbc, TransactionTemplate tx, MasterKeys masterKeys, ObjectMapper json) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.masterKeys = masterKeys;
        this.json = json;
    }

    @Override
    public int put(UUID tenantId, String name, Map<String, String> values) {
        requireName(name);
        byte[] plaintext = write(values);
        Integer version = TenantContext.callAsTenant(tenantId, () -> tx.execute(status -> {
            UUID dataKeyId = activeDataKey(tenantId);
            // serializes versions of one name: concurrent puts get consecutive numbers
            jdbc.queryForList("select pg_advisory_xact_lock(hashtext(?), hashtext(?))", tenantId.toString(), name);
            Integer latest = jdbc.queryForObject("select max(version) from secret_values where name = ?", Integer.class, name);
            int next = latest == null ? 1 : latest + 1;
            Aead.Sealed sealed = Aead.seal(dataKey(dataKeyId), plaintext, valueContext(tenantId, name, next));
            jdbc.update("insert into secret_values (id, tenant_id, name, version, data_key_id, nonce, ciphertext) values (?, ?, ?, ?, ?, ?, ?)",
                    UUID.randomUUID(), tenantId, name, next, dataKeyId, sealed.nonce(), sealed.ciphertext());
            return next;
        }));
        return version == null ? 0 : version;
    }

    @Override
    public Optional<Secret> get(UUID tenantId, String name) {
        return read(tenantId, name, null);
    }

    @Override
    public Optional<Secret> get(UUID tenantId, String name, int version) {
        return read(tenantId, name, version);
    }

    @Override
    public void delete(UUID tenantId, String name) {
        TenantContext.runAsTenant(tenantId, () -> tx.executeWithoutResult(status ->
                jdbc.update("delete from secret_values where name = ?", name)));
    }

    @Override
    public List<String> list(UUID tenantId) {
        return TenantContext.callAsTenant(tenantId, () -> tx.execute(status ->
                jdbc.queryForList("select distinct name from secret_values order by name", String.class)));
    }

    /** Deletes the tenant's values and data keys (usually gone already: they cascade with the tenant) and forgets its keys. */
    @Override
    public void deleteTenant(UUID tenantId) {
        List<UUID> keys = TenantContext.callAsTenant(tenantId, () -> tx.execute(status -> {
            jdbc.update("delete from secret_values");
            List<UUID> ids = jdbc.queryForList("select id from secret_data_keys", UUID.class);
            jdbc.update("delete from secret_data_keys");
            return ids;
        }));
        dataKeys.invalidateAll(keys == null ? List.of() : keys);
    }

    /**
     * Re-wraps every tenant's data keys with the current master key (values stay as they are). Reads keep working
     * throughout: a data key is readable with whichever configured master key wrapped it. Returns how many
     * data keys were re-wrapped.
     */
    public int rewrapDataKeys() {
        record Wrapped(UUID id, UUID tenantId, String masterKeyId, byte[] nonce, byte[] wrapped) {
        }
        List<Wrapped> stale = TenantContext.callAsPlatform(() -> tx.execute(status -> jdbc.query(
                "select id, tenant_id, master_key_id, wrap_nonce, wrapped_key from secret_data_keys where master_key_id <> ?",
                (rs, i) -> new Wrapped(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getBytes(4),
                        rs.getBytes(5)), masterKeys.currentId())));
        for (Wrapped key : stale) {
            SecretKey master = masterKeys.byId(key.masterKeyId()).orElseThrow(() -> new IllegalStateException(
                    "Data key " + key.id() + " is wrapped by master key " + key.masterKeyId()
                            + ", which is not configured (add it to FLOWMETER_MASTER_KEY_PREVIOUS)"));
            byte[] raw = Aead.open(master, new Aead.Sealed(key.nonce(), key.wrapped()), keyContext(key.tenantId(), key.id()));
            Aead.Sealed rewrapped = Aead.seal(masterKeys.current(), raw, keyContext(key.tenantId(), key.id()));
            TenantContext.runAsPlatform(() -> tx.executeWithoutResult(status -> jdbc.update(
                    "update secret_data_keys set master_key_id = ?, wrap_nonce = ?, wrapped_key = ? where id = ? and master_key_id = ?",
                    masterKeys.currentId(), rewrapped.nonce(), rewrapped.ciphertext(), key.id(), key.masterKeyId())));
        }
        return stale.size();
    }

    private Optional<Secret> read(UUID tenantId, String name, Integer version) {
        record Row(int version, UUID dataKeyId, byte[] nonce, byte[] ciphertext) {
        }
        List<Row> rows = TenantContext.callAsTenant(tenantId, () -> tx.execute(status -> jdbc.query(
                version == null
                        ? "select version, data_key_id, nonce, ciphertext from secret_values where name = ? order by version desc limit 1"
                        : "select version, data_key_id, nonce, ciphertext from secret_values where name = ? and version = ?",
                (rs, i) -> new Row(rs.getInt(1), rs.getObject(2, UUID.class), rs.getBytes(3), rs.getBytes(4)),
                version == null ? new Object[]{name} : new Object[]{name, version})));
        if (rows == null || rows.isEmpty()) {
            return Optional.empty();
        }
        Row row = rows.get(0);
        SecretKey key = TenantContext.callAsTenant(tenantId, () -> tx.execute(status -> dataKey(row.dataKeyId())));
        byte[] plaintext = Aead.open(key, new Aead.Sealed(row.nonce(), row.ciphertext()), valueContext(tenantId, name, row.version()));
        return Optional.of(new Secret(name, row.version(), read(plaintext)));
    }

    /** Inside a tenant transaction: the tenant's active data key, created on first use. */
    private UUID activeDataKey(UUID tenantId) {
        List<UUID> active = jdbc.queryForList("select id from secret_data_keys where active", UUID.class);
        if (!active.isEmpty()) {
            return active.get(0);
        }
        UUID id = UUID.randomUUID();
        SecretKey key = newDataKey();
        Aead.Sealed wrapped = Aead.seal(masterKeys.current(), key.getEncoded(), keyContext(tenantId, id));
        int inserted = jdbc.update("""
                insert into secret_data_keys (id, tenant_id, master_key_id, wrap_nonce, wrapped_key) values (?, ?, ?, ?, ?)
                on conflict (tenant_id) where active do nothing
                """, id, tenantId, masterKeys.currentId(), wrapped.nonce(), wrapped.ciphertext());
        if (inserted == 1) {
            dataKeys.put(id, key);
            return id;
        }
        return jdbc.queryForObject("select id from secret_data_keys where active", UUID.class);
    }

    /** Inside a tenant transaction: a data key, unwrapped. */
    private SecretKey dataKey(UUID id) {
        return dataKeys.get(id, keyId -> jdbc.query("select tenant_id, master_key_id, wrap_nonce, wrapped_key from secret_data_keys where id = ?",
                (rs, i) -> {
                    String masterId = rs.getString(2);
                    SecretKey master = masterKeys.byId(masterId).orElseThrow(() -> new IllegalStateException(
                            "Secrets were encrypted under master key " + masterId + ", which is not configured"));
                    byte[] raw = Aead.open(master, new Aead.Sealed(rs.getBytes(3), rs.getBytes(4)),
                            keyContext(rs.getObject(1, UUID.class), keyId));
                    return (SecretKey) new SecretKeySpec(raw, "AES");
                }, keyId).stream().findFirst().orElseThrow(() -> new IllegalStateException("Data key " + keyId + " is missing")));
    }

    private static SecretKey newDataKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] valueContext(UUID tenantId, String name, int version) {
        return ("flowmeter-secret|" + tenantId + "|" + name + "|" + version).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] keyContext(UUID tenantId, UUID dataKeyId) {
        return ("flowmeter-data-key|" + tenantId + "|" + dataKeyId).getBytes(StandardCharsets.UTF_8);
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw new IllegalArgumentException("A secret name has 1 to " + MAX_NAME + " characters");
        }
    }

    private byte[] write(Map<String, String> values) {
        try {
            return json.writeValueAsBytes(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Secret values must be strings", e);
        }
    }

    private Map<String, String> read(byte[] plaintext) {
        try {
            return json.readValue(plaintext, new TypeReference<>() {
            });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("A decrypted secret is not readable", e);
        }
    }
}
