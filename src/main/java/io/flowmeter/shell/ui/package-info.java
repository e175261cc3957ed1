/**
 * The shell's views: the frame around every signed-in screen, whose navigation lists only the screens the person
 * may open, the dashboard landing page, which shows next steps, never made-up numbers, until there are
 * workflows and runs, and the error pages inside that frame (not found, no access).
 */
@NullMarked
package io.flowmeter.shell.ui;

import org.jspecify.annotations.NullMarked;
