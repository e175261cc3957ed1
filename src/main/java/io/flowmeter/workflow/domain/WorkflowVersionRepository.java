package io.flowmeter.workflow.domain;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

public interface WorkflowVersionRepository extends JpaRepository<WorkflowVersion, UUID> {

    Optional<WorkflowVersion> findByWorkflowIdAndNumber(UUID workflowId, int number);

    List<WorkflowVersion> findAllByWorkflowIdOrderByNumberDesc(UUID workflowId);
}
