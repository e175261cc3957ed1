package io.flowmeter.identity.service;

import io.flowmeter.identity.domain.ApiKey;
import io.flowmeter.identity.domain.ApiKeyRepository;
import io.flowmeter.identity.security.ApiKeyPrincipal;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.shared.audit.Audit;
import io.flowmeter.shared.audit.AuditAction;
import io.flowmeter.shared.Inputs;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.Tokens;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.service.TenantService;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Tenant API keys: {@code fmk_} followed by 43 URL-safe characters; stored as SHA-256 with a display prefix. */
@Service
public class ApiKeyService {

    public static final String PREFIX = "fmk_";
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    /** The key in clear, shown exactly once, and what is stored about it. */
    public record CreatedKey(String plaintext, ApiKey key) {
    }

    /** Why a presented key was refused; the message goes into the 401/403 problem. */
    public sealed interface Verdict {
        record Accepted(ApiKeyPrincipal principal) implements Verdict {
        }

        record Refused(int status, String type, String message) implements Verdict {
        }
    }

    /**
     * Keys verified in the last {@link #ACCEPTED_FOR}: busy API clients do not cost a database round trip per
     * request. Revocation and suspension therefore reach other nodes within that time.
     */
    static final java.time.Duration ACCEPTED_FOR = java.time.Duration.ofSeconds(2);
    private final com.github.benmanes.caffeine.cache.Cache<String, Verdict.Accepted> recentlyAccepted =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ACCEPTED_FOR).build();

    private final ApiKeyRepository keys;
    private final TenantService tenants;
    private final TransactionTemplate tx;
    private final Audit audit;

    ApiKeyService(ApiKeyRepository keys, TenantService tenants, TransactionTemplate tx, Audit audit) {
        this.audit = audit;
        this.keys = keys;
        this.tenants = tenants;
        this.tx = tx;
    }

    @PreAuthorize("hasRole('ADMIN')")
    public List<ApiKey> list() {
        return tx.execute(status -> keys.findAllByOrderByCreatedAtDesc());
    }

    @PreAuthorize("hasRole('ADMIN')")
    public CreatedKey create(String name) {
        String cleanName = Inputs.requireText("name", name, 80, "Name the key after what uses it, e.g. \"CI pipeline\"");
        String plaintext = Tokens.random(PREFIX);
        UUID creator = CurrentUser.get().map(FlowmeterPrincipal::userId).orElse(null);
        ApiKey key = tx.execute(status -> {
            ApiKey saved = keys.save(new ApiKey(cleanName, displayPrefix(plaintext), Tokens.sha256(plaintext), creator));
            audit.record(AuditAction.API_KEY_CREATED, saved.getId(), saved.getName(), null, Map.of("prefix", saved.getKeyPrefix()));
            return saved;
        });
        return new CreatedKey(plaintext, key);
    }

    @PreAuthorize("hasRole('ADMIN')")
    public void revoke(UUID keyId) {
        tx.executeWithoutResult(status -> {
            ApiKey key = keys.findById(keyId).orElseThrow(() -> new NotFoundException("API key not found"));
            if (key.getRevokedAt() == null) {
                key.revoke(Instant.now());
                audit.record(AuditAction.API_KEY_REVOKED, key.getId(), key.getName(), null, Map.of("prefix", key.getKeyPrefix()));
            }
        });
        forgetVerified(); // this node refuses the key at once; others within ACCEPTED_FOR
    }

    /** Drops this node's memory of verified keys (after a revocation or a suspension). */
    public void forgetVerified() {
        recentlyAccepted.invalidateAll();
    }

    /** Authenticates a bearer key: unknown and malformed keys look alike; revoked keys and suspended tenants say so. */
    public Verdict verify(String presented) {
        Verdict invalid = new Verdict.Refused(401, "invalid-api-key", "The API key is not valid");
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 100) {
            return invalid;
        }
        String hash = Tokens.sha256(presented);
        // concurrent requests with a key that is not in memory wait for one lookup instead of each making their own
        Verdict[] refused = new Verdict[1];
        Verdict.Accepted accepted = recentlyAccepted.get(hash, key -> {
            Verdict verdict = lookUp(key, invalid);
            if (verdict instanceof Verdict.Accepted ok) {
                return ok;
            }
            refused[0] = verdict;
            return null; // refusals are not remembered
        });
        if (accepted != null) {
            return accepted;
        }
        return refused[0] != null ? refused[0] : lookUp(hash, invalid);
    }

    private Verdict lookUp(String hash, Verdict invalid) {
        // one platform-scope transaction answers everything: the key, and whether its tenant is active
        record Found(ApiKey key, boolean tenantActive) {
        }
        Found found = TenantContext.callAsPlatform(() -> tx.execute(status -> keys.findByKeyHash(hash).map(key -> {
            boolean active = tenants.isActive(key.getTenantId());
            if (!key.isRevoked() && active) {
                Instant now = Instant.now();
                keys.touch(key.getId(), now, now.minus(TOUCH_INTERVAL));
            }
            return new Found(key, active);
        }).orElse(null)));
        if (found == null) {
            return invalid;
        }
        ApiKey key = found.key();
        if (key.isRevoked()) {
            return new Verdict.Refused(401, "revoked-api-key", "This API key was revoked; create a new one in Settings");
        }
        if (!found.tenantActive()) {
            return new Verdict.Refused(403, "tenant-suspended",
                    "This organization's account is suspended; its API is unavailable until it is reactivated");
        }
        return new Verdict.Accepted(new ApiKeyPrincipal(key.getId(), key.getTenantId(), key.getName()));
    }

    /** For the demo seed and scripts: makes sure the current tenant has a key with exactly this value. */
    public void ensureKey(String name, String plaintext) {
        if (!plaintext.startsWith(PREFIX) || plaintext.length() < PREFIX.length() + 16) {
            throw new InvalidInputException("apiKey", "An API key starts with " + PREFIX + " and has at least 16 more characters");
        }
        String hash = Tokens.sha256(plaintext);
        tx.executeWithoutResult(status -> {
            if (keys.findByKeyHash(hash).isEmpty()) {
                keys.save(new ApiKey(name, displayPrefix(plaintext), hash, null));
            }
        });
    }

    private static String displayPrefix(String plaintext) {
        return plaintext.substring(0, Math.min(plaintext.length(), PREFIX.length() + 6));
    }
}
