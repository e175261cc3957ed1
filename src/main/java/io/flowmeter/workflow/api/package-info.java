/**
 * Workflow definitions over REST: create, update, publish, pause and resume, list versions, and export and
 * import, which use the same definition JSON.
 */
@NullMarked
package io.flowmeter.workflow.api;

import org.jspecify.annotations.NullMarked;
