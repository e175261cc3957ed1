package io.flowmeter.connector;

import io.flowmeter.connector.core.CoreConnector;
import io.flowmeter.connector.core.TriggerConnector;
import io.flowmeter.connector.discord.DiscordConnector;
import io.flowmeter.connector.email.EmailConnector;
import io.flowmeter.connector.github.GitHubConnector;
import io.flowmeter.connector.google.GoogleConnector;
import io.flowmeter.connector.http.HttpConnector;
import io.flowmeter.connector.llm.LlmConnector;
import io.flowmeter.connector.slack.SlackConnector;
import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.OutputField;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.connector.stripe.StripeConnector;
import io.flowmeter.connector.util.UtilConnector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The README's step-type table, generated from the connectors' own metadata (help, parameters, outputs), between
 * the {@value #START} and {@value #END} markers. {@link ConnectorMetadataTest} fails when README.md differs from it
 * and rewrites it with {@code -Dflowmeter.regenerate=true}; {@link #main} rewrites it too.
 */
public final class StepTypeTable {

    static final String START = "<!-- step-types:start -->";
    static final String END = "<!-- step-types:end -->";
    static final String REGENERATE = "./mvnw -B -q -o test -Dtest=ConnectorMetadataTest -Dflowmeter.regenerate=true";

    private StepTypeTable() {
    }

    /** Every built-in connector, in the order the README lists them: what starts a run, logic, then services and tools. */
    static List<Connector> connectors() {
        return List.of(new TriggerConnector(), new CoreConnector(), new HttpConnector(),
                new SlackConnector("https://slack.com/api"), new DiscordConnector(), new GitHubConnector("https://api.github.com"),
                new StripeConnector("https://api.stripe.com"),
                new LlmConnector("https://api.openai.com/v1", "https://api.anthropic.com/v1"),
                new GoogleConnector("https://sheets.googleapis.com/v4", "https://gmail.googleapis.com/gmail/v1"),
                new EmailConnector(), new UtilConnector());
    }

    /** The block from the start marker to the end marker, both included, without a final line break. */
    static String block(List<Connector> connectors) {
        StringBuilder out = new StringBuilder(START).append('\n')
                .append("<!-- generated from the connectors' metadata; regenerate with ").append(REGENERATE).append(" -->\n")
                .append("| type | what it does | parameters | output |\n")
                .append("|---|---|---|---|\n");
        for (Connector connector : connectors) {
            for (ActionDefinition action : connector.actions()) {
                out.append("| `").append(connector.key()).append('.').append(action.key()).append("` | ")
                        .append(text(action.help())).append(" | ")
                        .append(params(action.params())).append(" | ")
                        .append(outputs(action.outputs())).append(" |\n");
            }
        }
        return out.append(END).toString();
    }

    /** {@code readme} with its block replaced by {@code block}. */
    static String rewrite(String readme, String block) {
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException("README.md has no " + START + " … " + END + " block");
        }
        return readme.substring(0, start) + block + readme.substring(end + END.length());
    }

    /** The block as README.md has it now. */
    static String current(String readme) {
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException("README.md has no " + START + " … " + END + " block");
        }
        return readme.substring(start, end + END.length());
    }

    static Path readme() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("README.md");
    }

    /** Rewrites the block in README.md (or in the file given as the first argument). */
    public static void main(String[] args) throws IOException {
        Path file = args.length > 0 ? Path.of(args[0]) : readme();
        String readme = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, rewrite(readme, block(connectors())), StandardCharsets.UTF_8);
    }

    private static String params(List<ParamSpec> params) {
        return params.isEmpty() ? "—" : params.stream()
                .map(p -> "`" + p.name() + "`" + (p.required() ? "\\*" : ""))
                .collect(Collectors.joining(", "));
    }

    private static String outputs(List<OutputField> outputs) {
        return outputs.isEmpty() ? "—" : outputs.stream().map(o -> "`" + o.path() + "`").collect(Collectors.joining(", "));
    }

    /** Plain text made safe for a Markdown table cell. */
    private static String text(String plain) {
        return plain.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("<", "&lt;").replace("\n", " ");
    }
}
