package io.flowmeter.connector.google;

import io.flowmeter.connector.http.JsonApi;
import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.Credentials;
import io.flowmeter.connector.spi.OutputField;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.connector.spi.ParamType;
import io.flowmeter.connector.spi.PollDefinition;
import io.flowmeter.connector.spi.PollResult;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google, with an OAuth2 connection: Sheets (append, read and update rows; a "new row" poller) through the Sheets
 * API v4, and Gmail (send) through the Gmail API, which takes the whole RFC 822 message, built with Jakarta Mail.
 */
@Component
public class GoogleConnector implements Connector {

    /** A spreadsheet id, for examples. */
    private static final String SHEET = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";
    private static final Pattern ROW_RANGE = Pattern.compile("^(.*!)?[A-Za-z]+(\\d+)?(:[A-Za-z]+\\d*)?$");

    private final String sheetsUrl;
    private final String gmailUrl;

    public GoogleConnector(@Value("${flowmeter.connectors.google.sheets-url:https://sheets.googleapis.com/v4}") String sheetsUrl,
                           @Value("${flowmeter.connectors.google.gmail-url:https://gmail.googleapis.com/gmail/v1}") String gmailUrl) {
        this.sheetsUrl = sheetsUrl.replaceAll("/+$", "");
        this.gmailUrl = gmailUrl.replaceAll("/+$", "");
    }

    @Override
    public String key() {
        return "google";
    }

    @Override
    public String displayName() {
        return "Google (Sheets, Gmail)";
    }

    @Override
    public String icon() {
        return "vaadin:table";
    }

    @Override
    public String description() {
        return "Google Sheets and Gmail";
    }

    @Override
    public List<ActionDefinition> actions() {
        ParamSpec spreadsheet = ParamSpec.required("spreadsheetId", ParamType.STRING, "From the sheet's URL: /spreadsheets/d/<id>/");
        return List.of(
                new ActionDefinition("sheetsAppendRow", "Sheets: append a row", "Adds a row after the last one of a table", List.of(
                        spreadsheet, ParamSpec.optional("range", ParamType.STRING, "The table, e.g. Sheet1!A:D", "Sheet1"),
                        ParamSpec.required("values", ParamType.JSON, "The row's cells, e.g. [\"{{trigger.body.name}}\", 42]")), false)
                        .withHelp("Appends values as a row after the last row of the table at range, through the Sheets API v4 with a "
                                + "Google OAuth2 connection; cells are read as if typed (numbers, dates, formulas).")
                        .withAuthKinds("oauth2")
                        .withExample(Map.of("spreadsheetId", SHEET, "range", "Sheet1!A:C", "values", List.of("Ada", "ada@example.com", 42)))
                        .withOutputs(OutputField.string("updatedRange", "Where the row went, e.g. Sheet1!A5:C5"))
                        .withSample(Map.of("updatedRange", "Sheet1!A5:C5")),
                new ActionDefinition("sheetsReadRows", "Sheets: read rows", "Reads a range; with headerRow, rows become objects", List.of(
                        spreadsheet, ParamSpec.optional("range", ParamType.STRING, "e.g. Sheet1!A1:D100", "Sheet1"),
                        ParamSpec.optional("headerRow", ParamType.BOOLEAN, "The first row names the columns", true)), false)
                        .withHelp("Reads the rows of a range through the Sheets API v4 with a Google OAuth2 connection; with headerRow, "
                                + "each row is an object named by the first row, missing cells empty.")
                        .withAuthKinds("oauth2")
                        .withExample(Map.of("spreadsheetId", SHEET, "range", "Sheet1!A1:C100", "headerRow", true))
                        .withOutputs(OutputField.list("rows", "The rows: objects by column name with headerRow, otherwise lists of cells"))
                        .withSample(Map.of("rows", List.of(Map.of("Name", "Ada", "Email", "ada@example.com", "Score", "42"),
                                Map.of("Name", "Grace", "Email", "grace@example.com", "Score", "")))),
                new ActionDefinition("sheetsUpdateRow", "Sheets: update a row", "Overwrites the cells of a range", List.of(
                        spreadsheet, ParamSpec.required("range", ParamType.STRING, "e.g. Sheet1!A5:D5"),
                        ParamSpec.required("values", ParamType.JSON, "The row's cells")), false)
                        .withHelp("Overwrites the cells of a range with values through the Sheets API v4 with a Google OAuth2 "
                                + "connection; cells are read as if typed.")
                        .withAuthKinds("oauth2")
                        .withExample(Map.of("spreadsheetId", SHEET, "range", "Sheet1!A2:C2", "values", List.of("Ada", "ada@example.com", 43)))
                        .withOutputs(OutputField.string("updatedRange", "The range written"),
                                OutputField.number("updatedCells", "How many cells were written"))
                        .withSample(Map.of("updatedRange", "Sheet1!A2:C2", "updatedCells", 3)),
                new ActionDefinition("gmailSend", "Gmail: send an email", "Sends from the connected Gmail account", List.of(
                        ParamSpec.required("to", ParamType.STRING, "Recipients, comma-separated"),
                        ParamSpec.optional("cc", ParamType.STRING, "Copy to", null),
                        ParamSpec.required("subject", ParamType.STRING, "Subject"),
                        ParamSpec.optional("text", ParamType.TEXT, "Plain-text body", null),
                        ParamSpec.optional("html", ParamType.TEXT, "HTML body", null)), false)
                        .withHelp("Sends an email from the connected Gmail account (a Google OAuth2 connection) through the Gmail API, "
                                + "the message built with Jakarta Mail and sent as raw; give text, html or both.")
                        .withAuthKinds("oauth2")
                        .withExample(Map.of("to", "ada@example.com", "subject", "Your order A-1001 has shipped",
                                "text", "Hi Ada, your order is on its way."))
                        .withOutputs(OutputField.string("id", "The sent message's id"), OutputField.string("threadId", "Its thread's id"))
                        .withSample(Map.of("id", "18c1f2e3a4b5c6d7", "threadId", "18c1f2e3a4b5c6d7")));
    }

    @Override
    public List<PollDefinition> pollers() {
        return List.of(new PollDefinition("sheetsNewRow", "Sheets: new row", "Starts a run for each row added to a table "
                + "(identified by its row number; with headerRow, the run's input.item is an object)", List.of(
                ParamSpec.required("spreadsheetId", ParamType.STRING, "From the sheet's URL"),
                ParamSpec.optional("range", ParamType.STRING, "The table, e.g. Sheet1!A:D", "Sheet1"),
                ParamSpec.optional("headerRow", ParamType.BOOLEAN, "The first row names the columns", true))));
    }

    @Override
    public ActionResult execute(String action, ActionRequest request) throws ActionException {
        String token = token(request.credentials());
        return switch (action) {
            case "sheetsAppendRow" -> {
                var answer = JsonApi.send("Google Sheets", "POST", values(request.string("spreadsheetId", ""), request.string("range", "Sheet1"),
                        ":append?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS"), auth(token),
                        Map.of("values", List.of(row(request.param("values")))), false, request.timeout()).object();
                Object updates = answer.get("updates");
                yield ActionResult.completed(Map.of("updatedRange", updates instanceof Map<?, ?> u && u.get("updatedRange") != null
                        ? u.get("updatedRange") : ""));
            }
            case "sheetsReadRows" -> {
                var answer = JsonApi.send("Google Sheets", "GET", values(request.string("spreadsheetId", ""), request.string("range", "Sheet1"), ""),
                        auth(token), null, false, request.timeout()).object();
                yield ActionResult.completed(Map.of("rows", rows(answer, Boolean.parseBoolean(request.string("headerRow", "true")))));
            }
            case "sheetsUpdateRow" -> {
                var answer = JsonApi.send("Google Sheets", "PUT", values(request.string("spreadsheetId", ""), request.string("range", ""),
                        "?valueInputOption=USER_ENTERED"), auth(token), Map.of("values", List.of(row(request.param("values")))), false,
                        request.timeout()).object();
                yield ActionResult.completed(Map.of("updatedRange", answer.getOrDefault("updatedRange", ""),
                        "updatedCells", answer.getOrDefault("updatedCells", 0)));
            }
            case "gmailSend" -> gmail(request, token);
            default -> throw ActionException.permanent("Unknown action google." + action);
        };
    }

    @Override
    public PollResult poll(String poller, Map<String, Object> params, @Nullable Credentials credentials, @Nullable String cursor,
                           Duration timeout) throws ActionException {
        if (!poller.equals("sheetsNewRow")) {
            throw ActionException.permanent("Unknown poller google." + poller);
        }
        String range = String.valueOf(params.getOrDefault("range", "Sheet1"));
        var answer = JsonApi.send("Google Sheets", "GET", values(String.valueOf(params.getOrDefault("spreadsheetId", "")), range, ""),
                auth(token(credentials)), null, false, timeout).object();
        boolean header = Boolean.parseBoolean(String.valueOf(params.getOrDefault("headerRow", "true")));
        List<Object> rows = rows(answer, header);
        int first = firstRow(String.valueOf(answer.getOrDefault("range", range))) + (header ? 1 : 0);
        List<PollResult.Item> items = new ArrayList<>();
        for (int i = rows.size() - 1; i >= 0; i--) { // newest (lowest) first, like every source
            items.add(new PollResult.Item("row-" + (first + i), rows.get(i)));
        }
        return new PollResult(items, null);
    }

    private ActionResult gmail(ActionRequest request, String token) throws ActionException {
        String text = request.string("text", "");
        String html = request.string("html", "");
        if (text.isEmpty() && html.isEmpty()) {
            throw ActionException.permanent("Give a text or an HTML body");
        }
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        try {
            var helper = new MimeMessageHelper(message, !text.isEmpty() && !html.isEmpty(), "UTF-8");
            helper.setTo(InternetAddress.parse(request.string("to", ""), true));
            if (!request.string("cc", "").isEmpty()) {
                helper.setCc(InternetAddress.parse(request.string("cc", ""), true));
            }
            helper.setSubject(request.string("subject", ""));
            if (!text.isEmpty() && !html.isEmpty()) {
                helper.setText(text, html);
            } else {
                helper.setText(html.isEmpty() ? text : html, !html.isEmpty());
            }
            var out = new ByteArrayOutputStream();
            message.writeTo(out);
            String raw = Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
            var answer = JsonApi.send("Gmail", "POST", URI.create(gmailUrl + "/users/me/messages/send"), auth(token), Map.of("raw", raw),
                    false, request.timeout()).object();
            return ActionResult.completed(Map.of("id", answer.getOrDefault("id", ""), "threadId", answer.getOrDefault("threadId", "")));
        } catch (AddressException e) {
            throw ActionException.permanent("Not a valid address list: " + e.getMessage());
        } catch (MessagingException | IOException e) {
            throw ActionException.permanent("The email could not be built: " + e.getMessage());
        }
    }

    private URI values(String spreadsheetId, String range, String suffix) throws ActionException {
        if (!spreadsheetId.matches("[A-Za-z0-9_-]{10,100}")) {
            throw ActionException.permanent("'spreadsheetId' is the long id in the sheet's URL");
        }
        if (range.isBlank() || range.length() > 200) {
            throw ActionException.permanent("Give a range such as Sheet1!A:D");
        }
        return URI.create(sheetsUrl + "/spreadsheets/" + spreadsheetId + "/values/"
                + URLEncoder.encode(range, StandardCharsets.UTF_8).replace("+", "%20") + suffix);
    }

    private static List<Object> row(@Nullable Object values) throws ActionException {
        if (!(values instanceof List<?> list)) {
            throw ActionException.permanent("'values' must be a list of cells");
        }
        return new ArrayList<>(list);
    }

    private static List<Object> rows(Map<String, Object> answer, boolean header) {
        List<Object> result = new ArrayList<>();
        if (!(answer.get("values") instanceof List<?> all) || all.isEmpty()) {
            return result;
        }
        List<?> names = header && all.get(0) instanceof List<?> first ? first : null;
        for (int i = header ? 1 : 0; i < all.size(); i++) {
            List<?> cells = all.get(i) instanceof List<?> r ? r : List.of();
            if (names == null) {
                result.add(cells);
            } else {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int c = 0; c < names.size(); c++) {
                    row.put(String.valueOf(names.get(c)), c < cells.size() ? cells.get(c) : "");
                }
                result.add(row);
            }
        }
        return result;
    }

    /** The first row number of an A1 range ("Sheet1!A1:D9" → 1; "Sheet1!A:D" → 1). */
    static int firstRow(String range) {
        Matcher matcher = ROW_RANGE.matcher(range);
        if (matcher.matches() && matcher.group(2) != null) {
            return Integer.parseInt(matcher.group(2));
        }
        return 1;
    }

    private static String token(@Nullable Credentials credentials) throws ActionException {
        String token = credentials == null ? null : credentials.secret().orElse(null);
        if (token == null) {
            throw ActionException.permanent("Choose a Google connection for this step");
        }
        return token;
    }

    private static Map<String, String> auth(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
