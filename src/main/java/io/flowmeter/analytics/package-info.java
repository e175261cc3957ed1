/**
 * ROI analytics: what automations saved (people's minutes, money) net of what they cost (model tokens, per-call fees,
 * compute, people's minutes in approvals and on failures), priced with versioned assumptions that carry their evidence,
 * recorded as facts in the engine's transactions and rolled up so reports stay fast.
 */
@NullMarked
package io.flowmeter.analytics;

import org.jspecify.annotations.NullMarked;
