/**
 * What a module says when something worth auditing happened: an {@link io.flowmeter.shared.audit.AuditEvent}, published
 * through {@link io.flowmeter.shared.audit.Audit} inside the transaction of the change it describes. The audit module
 * listens (in that transaction) and keeps the entry; no module below it needs to know it exists.
 */
@NullMarked
package io.flowmeter.shared.audit;

import org.jspecify.annotations.NullMarked;
