/**
 * What platform administration does across tenants (list with member counts, create with an owner invitation,
 * suspend, reactivate, change quotas, delete), and the first-start demo seed: a platform admin, a demo tenant
 * and its owner, on by default with the embedded database only.
 */
@NullMarked
package io.flowmeter.admin.service;

import org.jspecify.annotations.NullMarked;
