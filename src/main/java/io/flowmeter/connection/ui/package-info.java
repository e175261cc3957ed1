/**
 * The connections hub: the accounts the organization's workflows use, with status, filters, which workflows use
 * each, tests, OAuth2 connects and reconnects, replaced credentials and the organization's own OAuth apps.
 * Entered secrets are stored encrypted and never shown again.
 */
@NullMarked
package io.flowmeter.connection.ui;

import org.jspecify.annotations.NullMarked;
