/**
 * Importing workflows from other tools: n8n's workflow JSON (0.x and 1.x exports) turned into a Flowmeter draft.
 * Every n8n node but sticky notes becomes a node of the draft with the same name; what has no Flowmeter equivalent
 * (a node type, a parameter, an expression, a credential) is reported by node and parameter, and a node that cannot
 * be mapped becomes an {@code import.placeholder} step that keeps the original and blocks publishing.
 */
@NullMarked
package io.flowmeter.workflow.importer;

import org.jspecify.annotations.NullMarked;
