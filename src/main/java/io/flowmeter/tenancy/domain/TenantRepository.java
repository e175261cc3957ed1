package io.flowmeter.tenancy.domain;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import java.util.Optional;
import java.util.UUID;

public interface TenantRepository extends JpaRepository<Tenant, UUID> {

    boolean existsBySlug(String slug);

    Optional<Tenant> findBySlug(String slug);

    @Query("""
            select t from Tenant t
            where lower(t.name) like lower(concat('%', :search, '%')) or t.slug like lower(concat('%', :search, '%'))
            """)
    Page<Tenant> search(String search, Pageable pageable);
}
