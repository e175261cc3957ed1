package io.flowmeter.engine.service;

import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.StepLogger;
import io.flowmeter.shared.json.Storable;
import org.jspecify.annotations.Nullable;

/**
 * Makes what a step produced storable before its outcome is recorded: a remote answer holding a NUL character
 * would fail the recording transaction again on every retry of the job, so NULs are replaced (and the step log says
 * so); a value nested too deeply to be written back fails the step instead of being stored.
 */
final class StorableOutput {

    private StorableOutput() {
    }

    static @Nullable Object clean(@Nullable Object value, StepLogger logger) throws ActionException {
        Storable.Cleaned cleaned;
        try {
            cleaned = Storable.clean(value);
        } catch (Storable.TooDeep e) {
            throw ActionException.permanent("The step's output is " + e.getMessage() + " and cannot be stored");
        }
        if (cleaned.replaced() > 0) {
            logger.warn("The output held " + cleaned.replaced() + " NUL character" + (cleaned.replaced() == 1 ? "" : "s")
                    + " (\\u0000), which cannot be stored; each was replaced by U+FFFD");
        }
        return cleaned.value();
    }

    static String cleanText(String text) {
        return Storable.cleanText(text);
    }
}
