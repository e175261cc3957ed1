package io.flowmeter.identity.domain;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Platform scope only: the runtime role has no privilege on the table, and row-level security admits no tenant. */
public interface PasswordResetRepository extends JpaRepository<PasswordReset, UUID> {

    Optional<PasswordReset> findByTokenHash(String tokenHash);

    /**
     * Marks the link used if it still works: one statement, so of two people racing with the same link exactly one
     * wins (1) and the other gets 0.
     */
    @Modifying(flushAutomatically = true)
    @Query("""
            update PasswordReset r set r.usedAt = :now
            where r.id = :id and r.usedAt is null and r.revokedAt is null and r.expiresAt > :now
            """)
    int markUsed(UUID id, Instant now);

    @Modifying(flushAutomatically = true)
    @Query("update PasswordReset r set r.revokedAt = :now where r.userId = :userId and r.usedAt is null and r.revokedAt is null")
    int revokeOpen(UUID userId, Instant now);

    /** Forgets links of this account that stopped working before {@code before}; they can only say "expired". */
    @Modifying(flushAutomatically = true)
    @Query("delete from PasswordReset r where r.userId = :userId and r.expiresAt < :before")
    int deleteExpired(UUID userId, Instant before);
}
