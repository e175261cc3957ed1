@NullMarked
package io.flowmeter.audit.service;

import org.jspecify.annotations.NullMarked;
