/**
 * The template library: ready-made, runnable workflows ({@code src/main/resources/workflow-templates}) a new workflow
 * can start from, each saying what it saves and which connections it needs.
 */
@NullMarked
package io.flowmeter.workflow.gallery;

import org.jspecify.annotations.NullMarked;
