package io.flowmeter.secret;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The master keys that wrap tenants' data keys: the current one (new wraps) and previous ones (still read during
 * a rotation). A key is 32 random bytes, base64; its id is derived from it, so stored wraps name the key they need.
 * Without {@code FLOWMETER_MASTER_KEY}, a key file is created on first start, readable by its owner only.
 */
public final class MasterKeys {

    private static final Logger log = LoggerFactory.getLogger(MasterKeys.class);

    private final String currentId;
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();

    MasterKeys(SecretKey current, Iterable<SecretKey> previous) {
        this.currentId = id(current);
        keys.put(currentId, current);
        previous.forEach(key -> keys.putIfAbsent(id(key), key));
    }

    /** From configuration: an explicit key, or the key file (created when missing). */
    static MasterKeys load(@Nullable String configured, @Nullable String previous, Path keyFile) {
        SecretKey current = configured != null && !configured.isBlank() ? parse(configured.strip(), "FLOWMETER_MASTER_KEY")
                : fromFile(keyFile);
        var older = new java.util.ArrayList<SecretKey>();
        if (previous != null && !previous.isBlank()) {
            for (String key : previous.split(",")) {
                older.add(parse(key.strip(), "FLOWMETER_MASTER_KEY_PREVIOUS"));
            }
        }
        return new MasterKeys(current, older);
    }

    public String currentId() {
        return currentId;
    }

    public SecretKey current() {
        return keys.get(currentId);
    }

    public Optional<SecretKey> byId(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    public static String generate() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static SecretKey parse(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not base64; generate a key with `openssl rand -base64 32`");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(source + " must be 32 bytes (AES-256), base64-encoded; it has " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    static String id(SecretKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SecretKey fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "master", ".key");
                try {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    log.warn("Cannot restrict permissions of {} on this file system", temp);
                }
                Files.writeString(temp, generate() + "\n", StandardCharsets.US_ASCII);
                Files.move(temp, file);
                log.info("Created the secret store's master key file {} (owner-only); back it up: secrets cannot be read without it", file);
            }
            return parse(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the master key file " + file, e);
        }
    }
}
