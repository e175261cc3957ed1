@NullMarked
package io.flowmeter.export.api;

import org.jspecify.annotations.NullMarked;
