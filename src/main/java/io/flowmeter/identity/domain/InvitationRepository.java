package io.flowmeter.identity.domain;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

public interface InvitationRepository extends JpaRepository<Invitation, UUID> {

    /** Across tenants: only meaningful in the platform scope (opening an invite link). */
    Optional<Invitation> findByTokenHash(String tokenHash);

    @Query("""
            select i from Invitation i
            where i.acceptedAt is null and i.revokedAt is null and i.expiresAt > :now
            order by i.createdAt desc
            """)
    List<Invitation> findPending(Instant now);
}
