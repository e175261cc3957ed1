package io.flowmeter.connector.spi;

import org.jspecify.annotations.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an action is, takes and gives; the builder renders its form from this, suggests fields of its output from
 * {@code outputs} and {@code sample}, offers the connections {@code authKinds} names, and the README's step-type
 * table is generated from it.
 *
 * <p>A connector declares an action with the five-argument constructor (what it is and takes) and adds the rest
 * with withers, each returning a copy:
 * <pre>{@code
 * new ActionDefinition("request", "HTTP request", "Calls any HTTP API", params, false)
 *         .withHelp("Calls any HTTP API; 5xx, 429 and network errors are retried.")
 *         .withAuthKinds("none", "bearer", "basic")
 *         .withExample(Map.of("method", "GET", "url", "https://api.example.com/orders"))
 *         .withOutputs(OutputField.number("status", "HTTP status"), OutputField.any("body", "The response body"))
 *         .withSample(Map.of("status", 200, "body", Map.of("id", 7)));
 * }</pre>
 * An action built with the five-argument constructor alone declares no outputs, sample, auth kinds or example,
 * and no help.
 *
 * @param quick     an action that finishes in well under a millisecond without I/O; the engine runs it inside the
 *                  transaction that records its outcome and does not record a separate "running" state for it
 * @param outputs   the fields of the output later steps may use ({@code steps.<id>.output.<path>}), in the order
 *                  worth showing; empty when the output has no fixed shape (it is a value the workflow builds)
 * @param sample    an example of the output, shaped as the action really returns it (a map, a list or a scalar);
 *                  null when the action declares none
 * @param authKinds the kinds of connection the action accepts, from {@link #AUTH_KINDS} (the connection module's
 *                  kinds, lower case, and {@code none}: it runs without a connection); empty when undeclared
 * @param example   parameters that would pass validation, by name: what a step of this type could look like
 * @param help      one or two sentences: what the action is for and how it behaves (retries, limits); empty when
 *                  undeclared
 */
public record ActionDefinition(String key, String name, String description, List<ParamSpec> params, boolean quick,
                               List<OutputField> outputs, @Nullable Object sample, List<String> authKinds,
                               Map<String, Object> example, String help) {

    /**
     * The connection kinds an action may name: {@code none} (no connection needed) and the connection module's
     * {@code AuthKind} names in lower case. The connector module sits below the connection module, hence strings.
     */
    public static final List<String> AUTH_KINDS = List.of("none", "oauth2", "api_key", "basic", "bearer", "header",
            "signing_secret", "smtp");

    public ActionDefinition {
        params = List.copyOf(params);
        outputs = List.copyOf(outputs);
        authKinds = List.copyOf(authKinds);
        for (String kind : authKinds) {
            if (!AUTH_KINDS.contains(kind)) {
                throw new IllegalArgumentException("Action " + key + ": auth kind '" + kind + "' is not one of " + AUTH_KINDS);
            }
        }
        example = Collections.unmodifiableMap(new LinkedHashMap<>(example));
    }

    /** What the action is and takes; no outputs, sample, auth kinds, example or help yet (see the withers). */
    public ActionDefinition(String key, String name, String description, List<ParamSpec> params, boolean quick) {
        this(key, name, description, params, quick, List.of(), null, List.of(), Map.of(), "");
    }

    public Optional<ParamSpec> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public ActionDefinition withOutputs(OutputField... newOutputs) {
        return new ActionDefinition(key, name, description, params, quick, List.of(newOutputs), sample, authKinds, example, help);
    }

    public ActionDefinition withSample(@Nullable Object newSample) {
        return new ActionDefinition(key, name, description, params, quick, outputs, newSample, authKinds, example, help);
    }

    public ActionDefinition withAuthKinds(String... newAuthKinds) {
        return new ActionDefinition(key, name, description, params, quick, outputs, sample, List.of(newAuthKinds), example, help);
    }

    /** Keeps the order of {@code newExample}'s entries (use a {@link LinkedHashMap} where it matters). */
    public ActionDefinition withExample(Map<String, ?> newExample) {
        return new ActionDefinition(key, name, description, params, quick, outputs, sample, authKinds,
                new LinkedHashMap<String, Object>(newExample), help);
    }

    public ActionDefinition withHelp(String newHelp) {
        return new ActionDefinition(key, name, description, params, quick, outputs, sample, authKinds, example, newHelp);
    }
}
