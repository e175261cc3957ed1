package io.flowmeter.workflow.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The node types n8n and Flowmeter share, one mapping each: which Flowmeter step type a node becomes, with which
 * parameters, and what its outputs mean (IF's true/false, Switch's rules, a loop's "loop" and "done"). Omitted n8n
 * parameters mean their version's default, as n8n itself fills them in ({@code ../shared/n8n-format.md}).
 */
final class N8nNodes {

    /** The types this importer maps, by short name ({@code n8n-nodes-base.<name>}). */
    static final List<String> SUPPORTED = List.of("webhook", "scheduleTrigger", "cron", "manualTrigger", "start", "httpRequest", "if", "switch",
            "set", "wait", "merge", "slack", "gmail", "googleSheets", "noOp", "respondToWebhook", "splitInBatches");

    static final List<String> TRIGGERS = List.of("webhook", "scheduleTrigger", "cron", "manualTrigger", "start");

    /** A node the importer cannot map; the message says why. */
    static final class Unmappable extends RuntimeException {
        Unmappable(String message) {
            super(message);
        }
    }

    /** What the mapping needs from the importer: expression translation, problems and notes, other nodes' ids. */
    interface Context {
        /** The parameter's value for Flowmeter: text translated as an expression, lists and objects item by item. */
        @Nullable Object value(String parameter, @Nullable JsonNode value);

        /** A parameter or setting with no equivalent, reported by node and parameter. */
        void unsupported(String parameter, String reason);

        /** A difference in behaviour worth knowing, though the node was mapped. */
        void note(String note);

        N8nExpressions.Roots roots();

        /** The Flowmeter id of the first node of {@code shortType}, if any (Respond to Webhook for a webhook). */
        @Nullable String idOfFirst(String shortType);

        /** The workflow's time zone (settings.timezone), if it has one. */
        @Nullable String timezone();
    }

    /**
     * A mapped node: its step type and parameters, and per main output (by index) the condition its edges carry;
     * {@code eachOutput} is a loop's per-item output and {@code doneOutput} its "done" one.
     */
    record Mapped(String type, Map<String, Object> params, Map<Integer, String> outputConditions, int eachOutput, int normalOutputs) {
        Mapped(String type, Map<String, Object> params) {
            this(type, params, Map.of(), -1, 1);
        }

        /** The same, with edges out of {@code closed} outputs carrying their (false) conditions. */
        Mapped withClosed(Map<Integer, String> closed) {
            Map<Integer, String> conditions = new LinkedHashMap<>(outputConditions);
            conditions.putAll(closed);
            return new Mapped(type, params, conditions, eachOutput, normalOutputs);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private N8nNodes() {
    }

    static Mapped map(N8nFile.Node node, String id, Context ctx) {
        if (!node.isBase() || !SUPPORTED.contains(node.shortType())) {
            throw new Unmappable("the n8n node type " + node.type() + " has no Flowmeter equivalent");
        }
        double v = node.typeVersion();
        return switch (node.shortType()) {
            case "manualTrigger", "start" -> new Mapped("trigger.manual", Map.of());
            case "webhook" -> webhook(node, ctx);
            case "scheduleTrigger" -> schedule(node, ctx);
            case "cron" -> cron(node, ctx);
            case "httpRequest" -> v < 3 ? httpV1(node, ctx) : httpV3(node, ctx);
            case "if" -> branch(node, id, ctx);
            case "switch" -> switchNode(node, ctx);
            case "set" -> set(node, ctx);
            case "wait" -> waitNode(node, ctx);
            case "merge" -> merge(node);
            case "slack" -> slack(node, ctx);
            case "gmail" -> gmail(node, ctx);
            case "googleSheets" -> sheets(node, ctx);
            case "noOp" -> new Mapped("core.noop", Map.of());
            case "respondToWebhook" -> respond(node, ctx);
            case "splitInBatches" -> loop(node, ctx);
            default -> throw new Unmappable("the n8n node type " + node.type() + " has no Flowmeter equivalent");
        };
    }

    private static Mapped webhook(N8nFile.Node node, Context ctx) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<Object> methods = new ArrayList<>();
        JsonNode method = node.param("httpMethod");
        if (method.isArray()) {
            method.forEach(m -> methods.add(m.asText().toUpperCase(Locale.ROOT)));
        } else {
            methods.add(method.asText("GET").toUpperCase(Locale.ROOT));
        }
        params.put("methods", methods);
        String mode = node.text("responseMode", "onReceived");
        switch (mode) {
            case "onReceived" -> params.put("responseMode", "accept");
            case "responseNode" -> {
                String respond = ctx.idOfFirst("respondToWebhook");
                params.put("responseMode", "wait");
                if (respond != null) {
                    params.put("responseStep", respond);
                } else {
                    ctx.unsupported("responseMode", "answers from a Respond to Webhook node, and there is none");
                }
            }
            default -> {
                params.put("responseMode", "accept");
                ctx.unsupported("responseMode", "'" + mode + "' (answer with the last node's data) has no equivalent: choose the answering step "
                        + "(responseMode wait, responseStep)");
            }
        }
        String auth = node.text("authentication", "none");
        if (!auth.equals("none")) {
            ctx.unsupported("authentication", "'" + auth + "' has no equivalent: Flowmeter checks signed requests with a signing secret connection");
        }
        if (node.text("path") != null) {
            ctx.note("Flowmeter gives the webhook its own address (/hooks/<token>); point the caller of '" + node.text("path") + "' at it");
        }
        return new Mapped("trigger.webhook", params);
    }

    private static Mapped schedule(N8nFile.Node node, Context ctx) {
        JsonNode intervals = node.param("rule").path("interval");
        if (!intervals.isArray() || intervals.isEmpty()) {
            return scheduled(Map.of("cron", "0 0 * * *"), ctx);
        }
        if (intervals.size() > 1) {
            ctx.unsupported("rule.interval", "it has " + intervals.size() + " rules; the first is kept (a Flowmeter schedule has one)");
        }
        JsonNode rule = intervals.get(0);
        String field = rule.path("field").asText("days");
        int minute = rule.path("triggerAtMinute").asInt(0);
        int hour = rule.path("triggerAtHour").asInt(0);
        return switch (field) {
            case "seconds" -> scheduled(Map.of("interval", "PT" + Math.max(60, rule.path("secondsInterval").asInt(30)) + "S"), ctx);
            case "minutes" -> scheduled(Map.of("interval", "PT" + Math.max(1, rule.path("minutesInterval").asInt(5)) + "M"), ctx);
            case "hours" -> scheduled(Map.of("cron", minute + " */" + Math.max(1, rule.path("hoursInterval").asInt(1)) + " * * *"), ctx);
            case "days" -> {
                int every = Math.max(1, rule.path("daysInterval").asInt(1));
                yield scheduled(Map.of("cron", minute + " " + hour + " " + (every == 1 ? "*" : "*/" + every) + " * *"), ctx);
            }
            case "weeks" -> {
                if (rule.path("weeksInterval").asInt(1) != 1) {
                    ctx.unsupported("rule.interval.weeksInterval", "every " + rule.path("weeksInterval").asInt() + " weeks has no cron equivalent; "
                            + "imported as every week");
                }
                List<String> days = new ArrayList<>();
                rule.path("triggerAtDay").forEach(d -> days.add(d.asText()));
                yield scheduled(Map.of("cron", minute + " " + hour + " * * " + (days.isEmpty() ? "0" : String.join(",", days))), ctx);
            }
            case "months" -> {
                int every = Math.max(1, rule.path("monthsInterval").asInt(1));
                yield scheduled(Map.of("cron", minute + " " + hour + " " + rule.path("triggerAtDayOfMonth").asInt(1) + " "
                        + (every == 1 ? "*" : "*/" + every) + " *"), ctx);
            }
            case "cronExpression" -> scheduled(Map.of("cron", cronOf(rule.path("expression").asText(""), ctx)), ctx);
            default -> throw new Unmappable("the schedule rule '" + field + "' has no Flowmeter equivalent");
        };
    }

    /** n8n accepts 6-field cron (seconds first); Flowmeter's has 5 fields. */
    private static String cronOf(String expression, Context ctx) {
        String[] fields = expression.strip().split("\\s+");
        if (fields.length == 6) {
            if (!fields[0].equals("0")) {
                ctx.unsupported("cronExpression", "seconds in '" + expression + "' have no equivalent; it fires at second 0");
            }
            return String.join(" ", java.util.Arrays.copyOfRange(fields, 1, 6));
        }
        return expression.strip();
    }

    private static Mapped scheduled(Map<String, Object> rule, Context ctx) {
        Map<String, Object> params = new LinkedHashMap<>(rule);
        if (ctx.timezone() != null) {
            params.put("timezone", ctx.timezone());
        }
        params.put("overlap", "allow");
        return new Mapped("trigger.schedule", params);
    }

    private static Mapped cron(N8nFile.Node node, Context ctx) {
        JsonNode items = node.param("triggerTimes").path("item");
        if (!items.isArray() || items.isEmpty()) {
            throw new Unmappable("the Cron node has no trigger times");
        }
        if (items.size() > 1) {
            ctx.unsupported("triggerTimes.item", "it has " + items.size() + " times; the first is kept (a Flowmeter schedule has one)");
        }
        JsonNode item = items.get(0);
        int hour = item.path("hour").asInt(14);
        int minute = item.path("minute").asInt(0);
        return switch (item.path("mode").asText("everyDay")) {
            case "everyMinute" -> scheduled(Map.of("cron", "* * * * *"), ctx);
            case "everyHour" -> scheduled(Map.of("cron", minute + " * * * *"), ctx);
            case "everyDay" -> scheduled(Map.of("cron", minute + " " + hour + " * * *"), ctx);
            case "everyWeek" -> scheduled(Map.of("cron", minute + " " + hour + " * * " + item.path("weekday").asInt(1)), ctx);
            case "everyMonth" -> scheduled(Map.of("cron", minute + " " + hour + " " + item.path("dayOfMonth").asInt(1) + " * *"), ctx);
            case "everyX" -> {
                int value = Math.max(1, item.path("value").asInt(2));
                String unit = item.path("unit").asText("hours");
                yield scheduled(Map.of("interval", unit.equals("minutes") ? "PT" + value + "M" : "PT" + value + "H"), ctx);
            }
            case "custom" -> scheduled(Map.of("cron", cronOf(item.path("cronExpression").asText("* * * * *"), ctx)), ctx);
            default -> throw new Unmappable("the Cron mode '" + item.path("mode").asText() + "' has no Flowmeter equivalent");
        };
    }

    private static Mapped httpV1(N8nFile.Node node, Context ctx) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("method", node.text("requestMethod", "GET").toUpperCase(Locale.ROOT));
        params.put("url", ctx.value("url", node.param("url")));
        boolean json = node.param("jsonParameters").asBoolean(false);
        pairsOrJson(params, "query", json ? null : node.param("queryParametersUi").path("parameter"), json ? node.param("queryParametersJson") : null, ctx);
        pairsOrJson(params, "headers", json ? null : node.param("headerParametersUi").path("parameter"), json ? node.param("headerParametersJson") : null,
                ctx);
        pairsOrJson(params, "body", json ? null : node.param("bodyParametersUi").path("parameter"), json ? node.param("bodyParametersJson") : null, ctx);
        timeout(node, params);
        credentials(node, ctx, node.text("authentication", "none"));
        return new Mapped("http.request", params);
    }

    private static Mapped httpV3(N8nFile.Node node, Context ctx) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("method", node.text("method", "GET").toUpperCase(Locale.ROOT));
        params.put("url", ctx.value("url", node.param("url")));
        if (node.param("sendQuery").asBoolean(false)) {
            boolean json = "json".equals(node.text("specifyQuery"));
            pairsOrJson(params, "query", json ? null : node.param("queryParameters").path("parameters"), json ? node.param("jsonQuery") : null, ctx);
        }
        if (node.param("sendHeaders").asBoolean(false)) {
            boolean json = "json".equals(node.text("specifyHeaders"));
            pairsOrJson(params, "headers", json ? null : node.param("headerParameters").path("parameters"), json ? node.param("jsonHeaders") : null, ctx);
        }
        if (node.param("sendBody").asBoolean(false)) {
            String contentType = node.text("contentType", "json");
            switch (contentType) {
                case "json" -> {
                    boolean json = "json".equals(node.text("specifyBody"));
                    pairsOrJson(params, "body", json ? null : node.param("bodyParameters").path("parameters"), json ? node.param("jsonBody") : null, ctx);
                }
                case "form-urlencoded" -> {
                    params.put("bodyType", "form");
                    pairsOrJson(params, "body", node.param("bodyParameters").path("parameters"), null, ctx);
                }
                case "raw" -> {
                    params.put("bodyType", "raw");
                    params.put("body", ctx.value("body", node.param("body")));
                }
                default -> ctx.unsupported("contentType", "'" + contentType + "' bodies have no equivalent (json, form-urlencoded and raw do)");
            }
        }
        timeout(node, params);
        credentials(node, ctx, node.text("authentication", "none"));
        JsonNode response = node.param("options").path("response").path("response");
        if (response.path("fullResponse").asBoolean(false)) {
            ctx.note("n8n gave the whole response; Flowmeter's output is {status, headers, body} either way");
        }
        return new Mapped("http.request", params);
    }

    private static void pairsOrJson(Map<String, Object> params, String key, @Nullable JsonNode pairs, @Nullable JsonNode json, Context ctx) {
        if (json != null && !json.isNull() && !json.isMissingNode()) {
            String text = json.asText("");
            if (text.startsWith("=")) {
                Object value = ctx.value(key, json);
                if (value != null && !String.valueOf(value).isBlank()) {
                    params.put(key, value);
                }
                return;
            }
            try {
                JsonNode parsed = JSON.readTree(text.isBlank() ? "{}" : text);
                if (!parsed.isEmpty()) {
                    params.put(key, ctx.value(key, parsed));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                ctx.unsupported(key, "its JSON is not valid: " + e.getOriginalMessage());
            }
            return;
        }
        if (pairs == null || !pairs.isArray() || pairs.isEmpty()) {
            return;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonNode pair : pairs) {
            String name = pair.path("name").asText("");
            if (!name.isEmpty()) {
                map.put(name, ctx.value(key + "." + name, pair.get("value")));
            }
        }
        if (!map.isEmpty()) {
            params.put(key, map);
        }
    }

    private static void timeout(N8nFile.Node node, Map<String, Object> params) {
        JsonNode timeout = node.param("options").path("timeout");
        if (timeout.isNumber() && timeout.asLong() > 0) {
            params.put("timeoutMs", Math.min(timeout.asLong(), 300_000L));
        }
    }

    private static void credentials(N8nFile.Node node, Context ctx, String authentication) {
        if (!authentication.equals("none") || (node.credentials().isObject() && !node.credentials().isEmpty())) {
            ctx.unsupported("credentials", "n8n credentials are not imported: pick a Flowmeter connection for this step");
        }
    }

    private static Mapped branch(N8nFile.Node node, String id, Context ctx) {
        var conditions = new N8nConditions(ctx.roots());
        String expression;
        try {
            expression = node.typeVersion() < 2 ? conditions.ifV1(node.param("conditions"), node.text("combineOperation"))
                    : conditions.filter(node.param("conditions"));
        } catch (N8nConditions.Untranslatable e) {
            throw new Unmappable("its condition cannot be translated: " + e.getMessage());
        }
        String result = "steps." + id + ".output.result";
        return new Mapped("core.condition", Map.of("condition", N8nConditions.template(expression)),
                Map.of(0, "{{" + result + "}}", 1, "{{not " + result + "}}"), -1, 2);
    }

    private static Mapped switchNode(N8nFile.Node node, Context ctx) {
        var conditions = new N8nConditions(ctx.roots());
        double v = node.typeVersion();
        if (!"rules".equals(node.text("mode", "rules"))) {
            throw new Unmappable("Switch in expression mode has no Flowmeter equivalent");
        }
        List<String> rules = new ArrayList<>();
        List<Integer> outputs = new ArrayList<>();
        int fallback;
        boolean allMatching = false;
        try {
            if (v < 3) {
                String dataType = node.text("dataType", "number");
                String value1 = conditions.operand(node.param("value1"));
                int i = 0;
                for (JsonNode rule : node.param("rules").path("rules")) {
                    rules.add(conditions.rule(dataType, value1, rule));
                    outputs.add(v < 2 ? rule.path("output").asInt(0) : i);
                    i++;
                }
                fallback = node.param("fallbackOutput").asInt(-1);
            } else {
                int i = 0;
                for (JsonNode rule : node.param("rules").path("values")) {
                    rules.add(conditions.filter(rule.path("conditions")));
                    outputs.add(i++);
                }
                JsonNode options = node.param("options");
                allMatching = options.path("allMatchingOutputs").asBoolean(false);
                JsonNode fb = options.path("fallbackOutput");
                fallback = fb.isNumber() ? fb.asInt() : "extra".equals(fb.asText("none")) ? rules.size() : -1;
            }
        } catch (N8nConditions.Untranslatable e) {
            throw new Unmappable("a rule cannot be translated: " + e.getMessage());
        }
        if (rules.isEmpty()) {
            throw new Unmappable("the Switch has no rules");
        }
        Map<Integer, List<String>> byOutput = new LinkedHashMap<>();
        for (int r = 0; r < rules.size(); r++) {
            String matches = rules.get(r);
            if (!allMatching && r > 0) {
                List<String> parts = new ArrayList<>(List.of(matches));
                for (int earlier = 0; earlier < r; earlier++) {
                    parts.add(N8nConditions.not(rules.get(earlier)));
                }
                matches = N8nConditions.combine(parts, "and");
            }
            byOutput.computeIfAbsent(outputs.get(r), k -> new ArrayList<>()).add(matches);
        }
        if (fallback >= 0) {
            byOutput.computeIfAbsent(fallback, k -> new ArrayList<>()).add(N8nConditions.not(N8nConditions.combine(rules, "or")));
        }
        Map<Integer, String> edgeConditions = new LinkedHashMap<>();
        byOutput.forEach((output, parts) -> edgeConditions.put(output, N8nConditions.template(N8nConditions.combine(parts, "or"))));
        int normal = Math.max(outputs.stream().mapToInt(Integer::intValue).max().orElse(0), fallback) + 1;
        ctx.note("the Switch became a join whose outgoing edges carry its rules as conditions");
        return new Mapped("core.noop", Map.of(), edgeConditions, -1, v < 2 ? Math.max(normal, 4) : normal);
    }

    private static Mapped set(N8nFile.Node node, Context ctx) {
        double v = node.typeVersion();
        Map<String, Object> value = new LinkedHashMap<>();
        boolean dots = node.param("options").path("dotNotation").asBoolean(true);
        if ("raw".equals(node.text("mode"))) {
            JsonNode raw = node.param("jsonOutput");
            String text = raw.asText("{}");
            if (text.startsWith("=")) {
                Object translated = ctx.value("jsonOutput", raw);
                return new Mapped("core.transform", Map.of("value", translated == null ? "" : translated));
            }
            try {
                return new Mapped("core.transform", Map.of("value", jsonValue(ctx.value("jsonOutput", JSON.readTree(text)))));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new Unmappable("its JSON output is not valid JSON: " + e.getOriginalMessage());
            }
        }
        if (v >= 3.3) {
            for (JsonNode a : node.param("assignments").path("assignments")) {
                put(value, a.path("name").asText(""), typed(a.path("type").asText("string"), ctx.value(a.path("name").asText(""), a.get("value"))), dots);
            }
            if (node.param("includeOtherFields").asBoolean(false)) {
                ctx.note("n8n also passed the input's other fields on; this step outputs only the fields it sets");
            }
        } else if (v >= 3) {
            for (JsonNode f : node.param("fields").path("values")) {
                String type = f.path("type").asText("stringValue");
                String key = type.endsWith("Value") ? type : type + "Value";
                put(value, f.path("name").asText(""), ctx.value(f.path("name").asText(""), f.get(key)), dots);
            }
            if (!"none".equals(node.text("include", "all"))) {
                ctx.note("n8n also passed the input's other fields on; this step outputs only the fields it sets");
            }
        } else {
            for (String type : List.of("string", "number", "boolean")) {
                for (JsonNode f : node.param("values").path(type)) {
                    put(value, f.path("name").asText(""), ctx.value(f.path("name").asText(""), f.get("value")), dots);
                }
            }
            if (!node.param("keepOnlySet").asBoolean(false)) {
                ctx.note("n8n also passed the input's other fields on (keepOnlySet was off); this step outputs only the fields it sets");
            }
        }
        return new Mapped("core.transform", Map.of("value", value));
    }

    private static Object jsonValue(@Nullable Object value) {
        return value == null ? Map.of() : value;
    }

    private static @Nullable Object typed(String type, @Nullable Object value) {
        if (value instanceof String text && !text.contains("{{")) {
            try {
                return switch (type) {
                    case "number" -> new BigDecimal(text.strip());
                    case "boolean" -> Boolean.parseBoolean(text.strip());
                    default -> text;
                };
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> into, String name, @Nullable Object value, boolean dots) {
        if (name.isEmpty()) {
            return;
        }
        if (!dots || !name.contains(".")) {
            into.put(name, value == null ? "" : value);
            return;
        }
        String[] parts = name.split("\\.");
        Map<String, Object> at = into;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = at.get(parts[i]);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                at.put(parts[i], next);
            }
            at = (Map<String, Object>) next;
        }
        at.put(parts[parts.length - 1], value == null ? "" : value);
    }

    private static Mapped waitNode(N8nFile.Node node, Context ctx) {
        String resume = node.text("resume", "timeInterval");
        switch (resume) {
            case "timeInterval" -> {
                boolean v1 = node.typeVersion() < 1.1;
                JsonNode amount = node.param("amount");
                String unit = node.text("unit", v1 ? "hours" : "seconds");
                if (amount.isTextual() && amount.asText().startsWith("=")) {
                    throw new Unmappable("its wait time is an expression");
                }
                double n = amount.isMissingNode() || amount.isNull() ? (v1 ? 1 : 5) : amount.asDouble();
                long seconds = Math.round(n * switch (unit) {
                    case "seconds" -> 1;
                    case "minutes" -> 60;
                    case "hours" -> 3600;
                    case "days" -> 86_400;
                    default -> throw new Unmappable("the wait unit '" + unit + "' has no Flowmeter equivalent");
                });
                return new Mapped("core.delay", Map.of("duration", "PT" + Math.max(1, seconds) + "S"));
            }
            case "specificTime" -> {
                return new Mapped("core.delay", Map.of("until", String.valueOf(ctx.value("dateTime", node.param("dateTime")))));
            }
            default -> throw new Unmappable("waiting for " + ("webhook".equals(resume) ? "a webhook call" : "a form") + " has no Flowmeter "
                    + "equivalent (an approval step waits for a person)");
        }
    }

    private static Mapped merge(N8nFile.Node node) {
        String mode = node.text("mode", "append");
        if (List.of("append", "passThrough", "wait", "chooseBranch").contains(mode)) {
            return new Mapped("core.noop", Map.of());
        }
        throw new Unmappable("Merge in mode '" + mode + "' combines items, which has no Flowmeter equivalent (a join waits for its inputs)");
    }

    private static Mapped slack(N8nFile.Node node, Context ctx) {
        String resource = node.text("resource", "message");
        String operation = node.text("operation", "post");
        if (!resource.equals("message") || !operation.equals("post")) {
            throw new Unmappable("Slack " + resource + " " + operation + " has no Flowmeter equivalent (posting a message has)");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        if (node.typeVersion() < 2) {
            params.put("channel", ctx.value("channel", node.param("channel")));
        } else {
            if ("user".equals(node.text("select", "channel"))) {
                throw new Unmappable("a Slack message to a user has no Flowmeter equivalent (a channel has)");
            }
            params.put("channel", ctx.value("channelId", locator(node.param("channelId"))));
            if (node.typeVersion() >= 2.1 && node.param("otherOptions").path("includeLinkToWorkflow").asBoolean(true)) {
                ctx.note("n8n appended a link to the workflow to the message; Flowmeter does not");
            }
        }
        params.put("text", ctx.value("text", node.param("text")));
        if ("block".equals(node.text("messageType"))) {
            ctx.unsupported("blocksUi", "Block Kit blocks are not imported: set blocks on the step");
        }
        credentials(node, ctx, "none");
        return new Mapped("slack.postMessage", params);
    }

    private static Mapped gmail(N8nFile.Node node, Context ctx) {
        double v = node.typeVersion();
        String resource = node.text("resource", v < 2 ? "draft" : "message");
        String operation = node.text("operation", v < 2 ? "create" : "send");
        if (!resource.equals("message") || !operation.equals("send")) {
            throw new Unmappable("Gmail " + resource + " " + operation + " has no Flowmeter equivalent (sending a message has)"
                    + (v < 2 && node.text("resource") == null ? "; Gmail v1 without a resource creates a draft" : ""));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        if (v < 2) {
            List<String> to = new ArrayList<>();
            node.param("toList").forEach(t -> to.add(t.asText()));
            params.put("to", String.join(", ", to));
            params.put("subject", ctx.value("subject", node.param("subject")));
            params.put("text", ctx.value("message", node.param("message")));
        } else {
            params.put("to", ctx.value("sendTo", node.param("sendTo")));
            params.put("subject", ctx.value("subject", node.param("subject")));
            params.put("text".equals(node.text("emailType", "html")) ? "text" : "html", ctx.value("message", node.param("message")));
            if (v >= 2.1 && node.param("options").path("appendAttribution").asBoolean(true)) {
                ctx.note("n8n appended 'sent with n8n' to the email; Flowmeter does not");
            }
        }
        credentials(node, ctx, "none");
        return new Mapped("google.gmailSend", params);
    }

    private static Mapped sheets(N8nFile.Node node, Context ctx) {
        double v = node.typeVersion();
        String operation = node.text("operation", v < 3 ? "read" : "");
        String spreadsheet = v < 3 ? node.text("sheetId", "") : String.valueOf(locator(node.param("documentId")).asText(""));
        String sheet = v < 3 ? node.text("range", "A:F") : sheetName(node.param("sheetName"));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("spreadsheetId", ctx.value("documentId", com.fasterxml.jackson.databind.node.TextNode.valueOf(spreadsheet)));
        params.put("range", ctx.value("sheetName", com.fasterxml.jackson.databind.node.TextNode.valueOf(sheet)));
        credentials(node, ctx, "none");
        switch (operation) {
            case "read", "lookup" -> {
                if (operation.equals("lookup") || node.param("filtersUI").path("values").size() > 0) {
                    ctx.unsupported("filtersUI", "row filters are not imported: all rows are read (filter them with a Filter step)");
                }
                params.put("headerRow", true);
                return new Mapped("google.sheetsReadRows", params);
            }
            case "append" -> {
                JsonNode columns = node.param("columns");
                if (v < 4 || !"defineBelow".equals(columns.path("mappingMode").asText())) {
                    throw new Unmappable("appending the input's fields to the sheet's columns by name has no Flowmeter equivalent: the "
                            + "step appends the cells listed in values");
                }
                List<Object> values = new ArrayList<>();
                columns.path("value").fields().forEachRemaining(e -> values.add(ctx.value("columns." + e.getKey(), e.getValue())));
                params.put("values", values);
                ctx.note("the columns were " + String.join(", ", iterable(columns.path("value").fieldNames()))
                        + ": the values go in that order, from the first column of the table");
                return new Mapped("google.sheetsAppendRow", params);
            }
            default -> throw new Unmappable("Google Sheets " + (operation.isEmpty() ? "without an operation" : "'" + operation + "'")
                    + " has no Flowmeter equivalent (read and append have)");
        }
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private static String sheetName(JsonNode locator) {
        if (locator.isObject()) {
            String cached = locator.path("cachedResultName").asText("");
            return cached.isEmpty() ? locator.path("value").asText("Sheet1") : cached;
        }
        return locator.asText("Sheet1");
    }

    /** A resource locator ({@code {"__rl": true, "value": …}}) as its value; anything else as it is. */
    private static JsonNode locator(JsonNode value) {
        return value.isObject() && value.has("__rl") ? value.path("value") : value;
    }

    private static Mapped respond(N8nFile.Node node, Context ctx) {
        String with = node.text("respondWith", "firstIncomingItem");
        Object value = switch (with) {
            case "json", "text" -> ctx.value("responseBody", node.param("responseBody"));
            case "noData" -> Map.of();
            case "firstIncomingItem", "allIncomingItems" -> {
                N8nExpressions.Resolved input = ctx.roots().input();
                if (input.path() == null) {
                    throw new Unmappable("it answers with its input, and " + input.problem());
                }
                yield "{{" + input.path() + "}}";
            }
            default -> throw new Unmappable("responding with '" + with + "' has no Flowmeter equivalent");
        };
        if (value instanceof String text && !text.contains("{{")) {
            try {
                JsonNode parsed = JSON.readTree(text);
                if (parsed.isContainerNode()) {
                    value = JSON.convertValue(parsed, Object.class);
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
                // text stays text
            }
        }
        if (node.param("options").has("responseCode") || node.param("options").has("responseHeaders")) {
            ctx.unsupported("options", "the response code and headers are not imported: the webhook answers 200 with this step's output");
        }
        return new Mapped("core.transform", Map.of("value", value == null ? Map.of() : value));
    }

    private static Mapped loop(N8nFile.Node node, Context ctx) {
        double v = node.typeVersion();
        N8nExpressions.Resolved items = ctx.roots().input();
        if (items.path() == null) {
            throw new Unmappable("it loops over its input's items, and " + items.problem());
        }
        int batch = node.param("batchSize").asInt(v < 3 ? 10 : 1);
        if (batch != 1) {
            ctx.note("n8n ran the loop per batch of " + batch + " items; Flowmeter runs its body once per item");
        }
        // v1: one output (the loop, closed by wiring back); v2: loop, done; v3: done, loop
        int each = v < 3 ? 0 : 1;
        return new Mapped("util.loop", Map.of("items", "{{" + items.path() + "}}"), Map.of(), each, v < 2 ? 1 : 2);
    }
}
