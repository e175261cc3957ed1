/**
 * The workflow screens: the list of the organization's workflows and the visual builder at
 * {@code /workflows/{id}} (a React Flow canvas wrapped as a Flow component, a palette, a step panel with forms
 * rendered from the connectors' parameter schemas, publishing and version history). The canvas only reports
 * intents; {@link io.flowmeter.workflow.ui.DraftModel} applies them to the server-side draft and validates.
 * What other modules show about a workflow (its trigger, its runs) comes in through the small interfaces in
 * {@code io.flowmeter.workflow}.
 */
@NullMarked
package io.flowmeter.workflow.ui;

import org.jspecify.annotations.NullMarked;
