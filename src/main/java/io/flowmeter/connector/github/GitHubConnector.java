package io.flowmeter.connector.github;

import io.flowmeter.connector.http.JsonApi;
import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.OutputField;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.connector.spi.ParamType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GitHub's REST API (v2022-11-28): create an issue, comment on one; an OAuth2 or personal-token connection. */
@Component
public class GitHubConnector implements Connector {

    private final String baseUrl;

    public GitHubConnector(@Value("${flowmeter.connectors.github.base-url:https://api.github.com}") String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    @Override
    public String key() {
        return "github";
    }

    @Override
    public String displayName() {
        return "GitHub";
    }

    @Override
    public String icon() {
        return "vaadin:code";
    }

    @Override
    public String description() {
        return "Issues and comments on GitHub";
    }

    @Override
    public List<ActionDefinition> actions() {
        return List.of(
                new ActionDefinition("createIssue", "Create an issue", "Opens an issue in a repository", List.of(
                        ParamSpec.required("owner", ParamType.STRING, "Owner (user or organization)"),
                        ParamSpec.required("repo", ParamType.STRING, "Repository name"),
                        ParamSpec.required("title", ParamType.STRING, "Title"),
                        ParamSpec.optional("body", ParamType.TEXT, "Description (Markdown)", null),
                        ParamSpec.optional("labels", ParamType.JSON, "Labels, e.g. [\"bug\"]", null)), false)
                        .withHelp("Opens an issue through GitHub's REST API (version 2022-11-28) with an OAuth2 or personal-token "
                                + "connection. Rate limits and 5xx are retried, other refusals fail with GitHub's message.")
                        .withAuthKinds("oauth2", "bearer")
                        .withExample(Map.of("owner", "octocat", "repo", "Hello-World", "title", "Found a bug",
                                "body", "I'm having a problem with this.", "labels", List.of("bug")))
                        .withOutputs(OutputField.number("id", "The issue's id"),
                                OutputField.number("number", "The issue's number in the repository"),
                                OutputField.string("url", "The issue's page"))
                        .withSample(Map.of("id", 1, "number", 1347, "url", "https://github.com/octocat/Hello-World/issues/1347")),
                new ActionDefinition("comment", "Comment on an issue", "Adds a comment to an issue or pull request", List.of(
                        ParamSpec.required("owner", ParamType.STRING, "Owner"),
                        ParamSpec.required("repo", ParamType.STRING, "Repository name"),
                        ParamSpec.required("issueNumber", ParamType.NUMBER, "Issue or pull request number"),
                        ParamSpec.required("body", ParamType.TEXT, "The comment (Markdown)")), false)
                        .withHelp("Adds a comment to an issue or pull request, by its number, through GitHub's REST API with an OAuth2 "
                                + "or personal-token connection.")
                        .withAuthKinds("oauth2", "bearer")
                        .withExample(Map.of("owner", "octocat", "repo", "Hello-World", "issueNumber", 1347, "body", "Me too"))
                        .withOutputs(OutputField.number("id", "The comment's id"), OutputField.string("url", "The comment's page"))
                        .withSample(Map.of("id", 1, "url", "https://github.com/octocat/Hello-World/issues/1347#issuecomment-1")));
    }

    @Override
    public ActionResult execute(String action, ActionRequest request) throws ActionException {
        String repo = "/repos/" + segment(request, "owner") + "/" + segment(request, "repo");
        Map<String, Object> body = new LinkedHashMap<>();
        String path;
        switch (action) {
            case "createIssue" -> {
                path = repo + "/issues";
                body.put("title", request.string("title", ""));
                if (request.param("body") != null) {
                    body.put("body", request.string("body", ""));
                }
                if (request.param("labels") instanceof List<?> labels) {
                    body.put("labels", labels);
                }
            }
            case "comment" -> {
                String number = request.string("issueNumber", "");
                if (!number.matches("\\d+(\\.0)?")) {
                    throw ActionException.permanent("'issueNumber' must be a whole number");
                }
                path = repo + "/issues/" + number.replace(".0", "") + "/comments";
                body.put("body", request.string("body", ""));
            }
            default -> throw ActionException.permanent("Unknown action github." + action);
        }
        String token = request.credentials() == null ? null : request.credentials().secret().orElse(null);
        if (token == null) {
            throw ActionException.permanent("Choose a GitHub connection for this step");
        }
        var response = JsonApi.send("GitHub", "POST", URI.create(baseUrl + path), Map.of("Authorization", "Bearer " + token,
                "Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28"), body, false, request.timeout());
        Map<String, Object> created = response.object();
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("id", created.get("id"));
        if (created.containsKey("number")) {
            output.put("number", created.get("number"));
        }
        output.put("url", created.get("html_url"));
        return ActionResult.completed(output);
    }

    @Override
    public List<io.flowmeter.connector.spi.PollDefinition> pollers() {
        return List.of(new io.flowmeter.connector.spi.PollDefinition("newIssues", "New issue", "Starts a run for each new issue "
                + "(pull requests excluded); the run's input.item is the issue", List.of(
                ParamSpec.required("owner", ParamType.STRING, "Owner"),
                ParamSpec.required("repo", ParamType.STRING, "Repository name"))));
    }

    @Override
    public io.flowmeter.connector.spi.PollResult poll(String poller, Map<String, Object> params,
                                                      io.flowmeter.connector.spi.@org.jspecify.annotations.Nullable Credentials credentials,
                                                      @org.jspecify.annotations.Nullable String cursor, java.time.Duration timeout)
            throws ActionException {
        if (!poller.equals("newIssues")) {
            throw ActionException.permanent("Unknown poller github." + poller);
        }
        String owner = name(params.get("owner"), "owner");
        String repo = name(params.get("repo"), "repo");
        String token = credentials == null ? null : credentials.secret().orElse(null);
        if (token == null) {
            throw ActionException.permanent("Choose a GitHub connection for this trigger");
        }
        var response = JsonApi.send("GitHub", "GET", URI.create(baseUrl + "/repos/" + owner + "/" + repo
                        + "/issues?state=all&sort=created&direction=desc&per_page=50"),
                Map.of("Authorization", "Bearer " + token, "Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28"),
                null, false, timeout);
        List<io.flowmeter.connector.spi.PollResult.Item> items = new java.util.ArrayList<>();
        if (response.body() instanceof List<?> issues) {
            for (Object issue : issues) {
                if (issue instanceof Map<?, ?> map && map.get("id") != null && !map.containsKey("pull_request")) {
                    items.add(new io.flowmeter.connector.spi.PollResult.Item(String.valueOf(map.get("id")), map));
                }
            }
        }
        return new io.flowmeter.connector.spi.PollResult(items, null);
    }

    private static String name(@org.jspecify.annotations.Nullable Object value, String field) throws ActionException {
        String text = value == null ? "" : value.toString();
        if (!text.matches("[A-Za-z0-9_.-]{1,100}")) {
            throw ActionException.permanent("'" + field + "' must be a GitHub name (letters, digits, '-', '_', '.')");
        }
        return text;
    }

    private static String segment(ActionRequest request, String name) throws ActionException {
        String value = request.string(name, "");
        if (!value.matches("[A-Za-z0-9_.-]{1,100}")) {
            throw ActionException.permanent("'" + name + "' must be a GitHub name (letters, digits, '-', '_', '.')");
        }
        return value;
    }
}
