package io.flowmeter.identity.domain;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every query is filtered to the current tenant by Hibernate and by row-level security. */
public interface MembershipRepository extends JpaRepository<Membership, UUID> {

    Optional<Membership> findByUserId(UUID userId);

    /** Across tenants: only meaningful in the platform scope (sign-in). */
    List<Membership> findAllByUserId(UUID userId);

    long countByRole(Role role);

    @Query("""
            select new io.flowmeter.identity.domain.MemberView(m.id, u.id, u.email, u.displayName, m.role, m.createdAt)
            from Membership m join User u on u.id = m.userId
            order by lower(u.displayName), u.email
            """)
    List<MemberView> listMembers();

    /** The email of the member a membership is of (the account's columns the runtime role may read). */
    @Query("select u.email from Membership m join User u on u.id = m.userId where m.id = :membershipId")
    java.util.Optional<String> emailOf(@org.springframework.data.repository.query.Param("membershipId") UUID membershipId);

    @Query("select m.tenantId, count(m) from Membership m where m.tenantId in :tenantIds group by m.tenantId")
    List<Object[]> countByTenant(java.util.Collection<UUID> tenantIds);

    /** Display names of the current tenant's members among {@code userIds}, as [id, name] pairs. */
    @Query("select u.id, u.displayName from Membership m join User u on u.id = m.userId where u.id in :userIds")
    java.util.List<Object[]> displayNames(@org.springframework.data.repository.query.Param("userIds") java.util.Collection<java.util.UUID> userIds);
}
