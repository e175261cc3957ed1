/**
 * The audit log: who did what, when and from where. Modules publish {@link io.flowmeter.shared.audit.AuditEvent}s in
 * the transaction of each change; this module writes them in that transaction (append-only, enforced by the
 * database), answers searches ({@link io.flowmeter.audit.AuditLog}) for the organization's admins, the platform's
 * admins and the REST API, exports them as CSV and expires them past the retention.
 */
@NullMarked
package io.flowmeter.audit;

import org.jspecify.annotations.NullMarked;
