/**
 * The trigger's part of the workflow screens ({@link io.flowmeter.workflow.WorkflowTriggers}): the webhook address
 * to copy or replace, a schedule's next fire times, a poll's last check.
 */
@NullMarked
package io.flowmeter.trigger.ui;

import org.jspecify.annotations.NullMarked;
