/**
 * Use cases of the current tenant's workflows: drafts, validated on every save and frozen on publish as the next
 * numbered version; the validator, which lists every problem of a definition tied to its node; and the {@link
 * io.flowmeter.workflow.service.WorkflowChanged} event, published after a publish, pause or resume commits, on
 * which triggers re-read the workflow.
 */
@NullMarked
package io.flowmeter.workflow.service;

import org.jspecify.annotations.NullMarked;
