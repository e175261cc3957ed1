/**
 * The templating sandbox for step parameters: Handlebars over plain maps and lists only, strict about
 * missing values, bounded in size, with a small set of helpers. Templates never see secrets or Java
 * objects; a parameter that is a single {@code {{path}}} keeps the referenced value's JSON type.
 */
@NullMarked
package io.flowmeter.template;

import org.jspecify.annotations.NullMarked;
