@NullMarked
package io.flowmeter.export.ui;

import org.jspecify.annotations.NullMarked;
