@NullMarked
package io.flowmeter.audit.api;

import org.jspecify.annotations.NullMarked;
