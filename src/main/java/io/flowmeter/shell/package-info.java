/**
 * The app shell every signed-in screen sits in: side navigation built from the screens the person may
 * open, the header with tenant switcher, theme toggle and user menu, and the dashboard landing page.
 */
@NullMarked
package io.flowmeter.shell;

import org.jspecify.annotations.NullMarked;
