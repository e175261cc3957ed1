package io.flowmeter.secret;

import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.core.VaultVersionedKeyValueOperations;
import org.springframework.vault.support.Versioned;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * HashiCorp Vault or OpenBao, KV version 2: every tenant has its own path
 * ({@code <mount>/data/<prefix>/tenants/<tenant id>/<name>}), so a Vault policy can confine each tenant's secrets.
 * Versions are Vault's own.
 */
public class VaultSecretStore implements SecretStore {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private final VaultTemplate vault;
    private final VaultVersionedKeyValueOperations kv;
    private final String mount;
    private final String prefix;

    public VaultSecretStore(VaultTemplate vault, String mount, String prefix) {
        this.vault = vault;
        this.kv = vault.opsForVersionedKeyValue(mount);
        this.mount = mount;
        this.prefix = prefix.replaceAll("^/+|/+$", "");
    }

    @Override
    public int put(UUID tenantId, String name, Map<String, String> values) {
        return kv.put(path(tenantId, name), values).getVersion().getVersion();
    }

    @Override
    public Optional<Secret> get(UUID tenantId, String name) {
        return secret(name, kv.get(path(tenantId, name)));
    }

    @Override
    public Optional<Secret> get(UUID tenantId, String name, int version) {
        return secret(name, kv.get(path(tenantId, name), Versioned.Version.from(version)));
    }

    @Override
    public void delete(UUID tenantId, String name) {
        vault.delete(mount + "/metadata/" + path(tenantId, name)); // every version and its metadata
    }

    @Override
    public List<String> list(UUID tenantId) {
        List<String> names = kv.list(tenantFolder(tenantId));
        return names == null ? List.of() : names.stream().filter(n -> !n.endsWith("/")).sorted().toList();
    }

    private Optional<Secret> secret(String name, Versioned<Map<String, Object>> versioned) {
        if (versioned == null || !versioned.hasData() || versioned.getData() == null) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        versioned.getData().forEach((k, v) -> values.put(k, v == null ? null : String.valueOf(v)));
        return Optional.of(new Secret(name, versioned.getVersion().getVersion(), values));
    }

    private String path(UUID tenantId, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A secret name has 1 to 200 letters, digits, '.', '_' or '-'");
        }
        return tenantFolder(tenantId) + "/" + name;
    }

    private String tenantFolder(UUID tenantId) {
        return (prefix.isEmpty() ? "" : prefix + "/") + "tenants/" + tenantId;
    }
}
