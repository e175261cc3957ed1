/**
 * The tenant over REST: {@code /api/v1/tenant} tells an API key which tenant it belongs to.
 */
@NullMarked
package io.flowmeter.tenancy.api;

import org.jspecify.annotations.NullMarked;
