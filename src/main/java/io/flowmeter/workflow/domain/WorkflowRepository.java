package io.flowmeter.workflow.domain;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.util.UUID;

public interface WorkflowRepository extends JpaRepository<Workflow, UUID> {

    Page<Workflow> findAllByOrderByUpdatedAtDesc(Pageable pageable);

    /**
     * Names containing {@code pattern} (a lower-case LIKE pattern, escaped with backslash); status ALL, DRAFT (never
     * published), PUBLISHED (published and running) or PAUSED.
     */
    @Query("""
            select w from Workflow w where lower(w.name) like :pattern escape '\\'
            and (:status = 'ALL'
                 or (:status = 'DRAFT' and w.latestVersion is null)
                 or (:status = 'PUBLISHED' and w.latestVersion is not null and w.paused = false)
                 or (:status = 'PAUSED' and w.paused = true))
            """)
    Page<Workflow> search(@Param("pattern") String pattern, @Param("status") String status, Pageable pageable);

    @Query("select w.id, w.name from Workflow w where w.id in :ids")
    java.util.List<Object[]> namesOf(@org.springframework.data.repository.query.Param("ids") java.util.Collection<UUID> ids);
}
