/**
 * An organization's data export for its admins: every module's {@link io.flowmeter.tenancy.TenantExportSection} written
 * into one zip of JSON and CSV files in the background, with progress, downloadable once.
 */
@NullMarked
package io.flowmeter.export;

import org.jspecify.annotations.NullMarked;
