/**
 * Workflow definitions: the graph model (nodes, edges, retry policies), its validation with per-node
 * messages, editable drafts and immutable numbered published versions, import and export as JSON.
 */
@NullMarked
package io.flowmeter.workflow;

import org.jspecify.annotations.NullMarked;
