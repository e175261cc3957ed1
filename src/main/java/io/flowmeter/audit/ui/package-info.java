@NullMarked
package io.flowmeter.audit.ui;

import org.jspecify.annotations.NullMarked;
