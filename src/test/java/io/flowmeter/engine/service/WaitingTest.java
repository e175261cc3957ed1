package io.flowmeter.engine.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored shape of a wait: rows written before the type existed read the same, and new rows look like old ones. */
class WaitingTest {

    final ObjectMapper mapper = new ObjectMapper();
    final EngineJson json = new EngineJson(mapper);

    Waiting parse(String text) {
        return Waiting.parse(json, text);
    }

    void assertSameJson(Waiting waiting, String expected) throws Exception {
        assertThat(mapper.readTree(json.write(waiting.toMap()))).isEqualTo(mapper.readTree(expected));
    }

    @Test
    void aDelayKeepsItsKeys() throws Exception {
        Instant until = Instant.parse("2026-03-01T10:00:00.250Z");
        String old = "{\"kind\": \"delay\", \"until\": \"2026-03-01T10:00:00.250Z\", \"output\": {\"waitedUntil\": \"2026-03-01T10:00:00.250Z\"}}";
        assertThat(parse(old)).isEqualTo(new Waiting.Delay(until, Map.of("waitedUntil", "2026-03-01T10:00:00.250Z")));
        Waiting delay = new Waiting.Delay(until, Map.of("waitedUntil", "2026-03-01T10:00:00.250Z"));
        assertThat(json.write(delay.toMap())).isEqualTo(old.replace(": ", ":").replace(", ", ","));
        assertThat(parse(json.write(delay.toMap()))).isEqualTo(delay);
        assertSameJson(new Waiting.Delay(until, null), "{\"kind\": \"delay\", \"until\": \"2026-03-01T10:00:00.250Z\", \"output\": null}");
    }

    @Test
    void aSignalKeepsItsKindInfoAndTimeoutOutput() throws Exception {
        String approval = """
                {"kind": "approval", "info": {"message": "Pay 10?"}, "timeoutOutput": {"approved": false, "outcome": "timeout"}}
                """;
        Waiting parsed = parse(approval);
        assertThat(parsed).isEqualTo(new Waiting.Signal("approval", Map.of("message", "Pay 10?"), Map.of("approved", false, "outcome", "timeout")));
        assertSameJson(parsed, approval);

        UUID child = UUID.randomUUID();
        Waiting sub = parse("{\"kind\": \"subworkflow\", \"info\": {\"childRunId\": \"" + child + "\"}, \"timeoutOutput\": null}");
        assertThat(sub.kind()).isEqualTo("subworkflow");
        assertThat(((Waiting.Signal) sub).childRunId()).isEqualTo(child);
        assertThat(((Waiting.Signal) parsed).childRunId()).isNull();
        assertSameJson(new Waiting.Signal("subworkflow", Map.of("childRunId", child.toString()), null),
                "{\"kind\": \"subworkflow\", \"info\": {\"childRunId\": \"" + child + "\"}, \"timeoutOutput\": null}");
    }

    @Test
    void aLoopKeepsItsCountsItemsAndErrorHandling() throws Exception {
        String old = """
                {"kind": "loop", "info": {"concurrency": 2, "count": 3}, "continueOnError": true, "items": [{"name": "ada"}, null, 3]}
                """;
        Waiting.Loop loop = (Waiting.Loop) parse(old);
        assertThat(loop.count()).isEqualTo(3);
        assertThat(loop.concurrency()).isEqualTo(2);
        assertThat(loop.continueOnError()).isTrue();
        assertThat(loop.items()).containsExactly(Map.of("name", "ada"), null, 3);
        assertSameJson(loop, old);
        assertSameJson(new Waiting.Loop(Arrays.asList(Map.of("name", "ada"), null, 3), 2, true), old);
        // the defaults the engine always applied to a loop's row
        Waiting.Loop bare = (Waiting.Loop) parse("{\"kind\": \"loop\", \"items\": [1, 2]}");
        assertThat(bare).isEqualTo(new Waiting.Loop(2, 1, false, List.of(1, 2)));
    }

    @Test
    void anUnknownOrMissingKindIsASignalOfThatKindAndNothingCrashes() throws Exception {
        String future = "{\"kind\": \"webhook\", \"info\": {\"path\": \"/x\"}, \"extra\": 1}";
        assertThat(parse(future)).isEqualTo(new Waiting.Signal("webhook", Map.of("path", "/x"), null));
        assertThat(parse("{\"info\": 1}").kind()).isEmpty();
        assertThat(parse("{\"kind\": 7}").kind()).isEmpty();
        assertThat(parse("[1, 2]").kind()).isEmpty();
        assertThat(parse(null).kind()).isEmpty();
        assertThat(parse("{\"kind\": \"delay\", \"until\": \"soon\", \"output\": 1}")).isEqualTo(new Waiting.Delay(null, 1));
        assertThat(parse("{\"kind\": \"loop\", \"info\": \"?\", \"items\": {}}")).isEqualTo(new Waiting.Loop(0, 1, false, List.of()));
        assertThat(((Waiting.Signal) parse("{\"kind\": \"subworkflow\"}")).childRunId()).isNull();
    }
}
