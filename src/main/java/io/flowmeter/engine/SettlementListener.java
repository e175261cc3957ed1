package io.flowmeter.engine;

import java.util.List;

/**
 * Told, inside the engine's transaction, what it settled in that transaction: what an implementation writes commits or
 * rolls back with the steps' and runs' new states, so a crash can neither lose nor double it. Implementations must be
 * quick (they run on every step) and must not call out of the database; an exception rolls the engine's work back.
 */
public interface SettlementListener {

    void settled(List<Settlement> settlements);
}
