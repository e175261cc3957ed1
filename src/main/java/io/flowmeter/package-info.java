/**
 * Flowmeter: multi-tenant workflow automation that reports the time and money each automation saves, net
 * of what it costs. Each top-level package is one capability; an architecture test keeps their
 * dependencies pointing one way.
 */
@NullMarked
package io.flowmeter;

import org.jspecify.annotations.NullMarked;
