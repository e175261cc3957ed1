package io.flowmeter.identity.domain;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import java.util.Optional;
import java.util.UUID;

public interface UserRepository extends JpaRepository<User, UUID> {

    @Query("select u from User u where lower(u.email) = lower(:email)")
    Optional<User> findByEmail(String email);

    /**
     * Whose account has this email, in any scope: the runtime role sees only the current tenant's members, but
     * sign-up and invitations must know whether an address is taken (a database function that reveals only the id).
     */
    @Query(value = "select flowmeter_user_id_by_email(:email)", nativeQuery = true)
    Optional<UUID> idByEmail(String email);

    /**
     * Remembers the tenant someone last used, without loading the account: in a tenant's scope the runtime role may
     * not read the password hash, and may change nothing else (both enforced in the database).
     */
    @org.springframework.data.jpa.repository.Modifying(flushAutomatically = true)
    @Query("update User u set u.lastTenantId = :tenantId where u.id = :userId")
    int rememberTenant(UUID userId, UUID tenantId);
}
