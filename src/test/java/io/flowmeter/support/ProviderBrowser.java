package io.flowmeter.support;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person's browser at the test OAuth server, driven over HTTP: follows the authorization URL, signs in,
 * grants or refuses consent, and stops at the redirect back to Flowmeter, returning that URL unvisited so a
 * test decides when (and how often) Flowmeter sees it.
 */
public final class ProviderBrowser {

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String username;
    private final String password;
    private boolean signedIn;

    public ProviderBrowser(String username, String password) {
        this.username = username;
        this.password = password;
    }

    /** Goes through the provider; returns the callback URL it redirects to (with code or error, and state). */
    public String authorize(String authorizationUrl, boolean grant) throws Exception {
        HttpResponse<String> response = send(get(authorizationUrl));
        if (!signedIn) {
            URI login = location(authorizationUrl, response);
            HttpResponse<String> page = send(get(login.toString()));
            Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
            if (!csrf.find()) {
                throw new IllegalStateException("no sign-in form at " + login + ": " + page.statusCode());
            }
            HttpResponse<String> signIn = send(HttpRequest.newBuilder(login)
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(username) + "&password=" + enc(password)
                            + "&_csrf=" + enc(csrf.group(1)))).build());
            signedIn = true;
            URI resumed = location(login.toString(), signIn);
            response = send(get(resumed.toString()));
        }
        if (response.statusCode() == 200 && response.body().contains("consent")) {
            response = consent(authorizationUrl, response.body(), grant);
        }
        if (response.statusCode() / 100 != 3) {
            throw new IllegalStateException("expected a redirect back to the app, got " + response.statusCode() + ": " + response.body());
        }
        return location(authorizationUrl, response).toString();
    }

    private HttpResponse<String> consent(String authorizationUrl, String page, boolean grant) throws Exception {
        String clientId = field(page, "client_id");
        String state = field(page, "state");
        StringBuilder form = new StringBuilder("client_id=" + enc(clientId) + "&state=" + enc(state));
        if (grant) {
            Matcher scopes = Pattern.compile("name=\"scope\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"scope\"").matcher(page);
            while (scopes.find()) {
                form.append("&scope=").append(enc(scopes.group(1) != null ? scopes.group(1) : scopes.group(2)));
            }
        }
        URI endpoint = URI.create(authorizationUrl).resolve("/oauth2/authorize");
        return send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(form.toString())).build());
    }

    private static String field(String page, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"" + name + "\"").matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " on the consent page");
        }
        return (m.group(1) != null ? m.group(1) : m.group(2)).replace("&amp;", "&");
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static URI location(String base, HttpResponse<String> response) {
        return URI.create(base).resolve(response.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("no redirect: " + response.statusCode() + " " + response.body())));
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Visits a URL of the app without cookies (as a REST-started flow's browser would): status and Location. */
    public static HttpResponse<String> visit(String url) throws Exception {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(get(url), HttpResponse.BodyHandlers.ofString());
    }

    /** Revokes a token at the test server as its owner could (RFC 7009). */
    public static int revoke(String serverBase, String clientId, String clientSecret, String token, String hint) throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(serverBase + "/oauth2/revoke"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + enc(token) + "&token_type_hint=" + hint)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

}
