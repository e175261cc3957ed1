@NullMarked
package io.flowmeter.export.service;

import org.jspecify.annotations.NullMarked;
