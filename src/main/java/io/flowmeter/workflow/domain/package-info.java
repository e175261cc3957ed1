/**
 * Workflows as stored: the definition JSON (nodes, edges, retry policies) that the REST API, export and import
 * share, adjacency views of its graph, the tenant-owned workflow with its editable draft, and its published
 * versions, which are numbered and immutable; a run is pinned to one.
 */
@NullMarked
package io.flowmeter.workflow.domain;

import org.jspecify.annotations.NullMarked;
