package io.flowmeter.identity;

import io.flowmeter.identity.domain.MemberView;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.security.SignInService;
import io.flowmeter.identity.service.AccountService;
import io.flowmeter.identity.service.MemberService;
import io.flowmeter.identity.service.SignUpForm;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on through a real OIDC provider started in the test: the whole authorization-code flow over
 * HTTP, mapping the provider's verified email to a Flowmeter account, refusing unknown people, and
 * auto-joining them to the configured tenant once it exists.
 */
class OidcSignInIT extends IntegrationTest {

    @LocalServerPort int appPort;

    @Autowired AccountService accounts;
    @Autowired MemberService members;
    @Autowired SignInService signIn;

    @Test
    void knownPeopleSignInUnknownPeopleAreRefusedUntilTheirTenantAllowsAutoJoin() throws Exception {
        accounts.signUp(new SignUpForm("Ada Lovelace", "ada@sso.example", TestData.PASSWORD, "Analytical Engines", "engines"));
        assertThat(signInThroughProvider("ada", "ada-password-1")).endsWith(":" + appPort + "/");

        // nobody has an account for newcomer@sso.example and the auto-join tenant does not exist yet
        assertThat(signInThroughProvider("newcomer", "newcomer-password-1")).contains("/login?error");
        assertThat(accounts.emailTaken("newcomer@sso.example")).isFalse();

        var owner = accounts.signUp(new SignUpForm("Team Owner", "owner@sso-team.example", TestData.PASSWORD, "SSO Team", "sso-team"));
        assertThat(signInThroughProvider("newcomer", "newcomer-password-1")).endsWith(":" + appPort + "/");
        var joined = accounts.findByEmail("newcomer@sso.example").orElseThrow();
        assertThat(joined.getDisplayName()).isEqualTo("Newcomer SSO");
        assertThat(joined.getPasswordHash()).isNull(); // SSO-only account

        TestData.signInAs(signIn.authenticate(owner.getId(), null));
        List<MemberView> team = TenantContext.callAsTenant(owner.getLastTenantId(), () -> members.members());
        assertThat(team).filteredOn(m -> m.email().equals("newcomer@sso.example")).singleElement()
                .extracting(MemberView::role).isEqualTo(Role.OPERATOR);
    }

    /** Runs the authorization-code flow like a browser; returns where the app finally sent the person. */
    private String signInThroughProvider(String username, String password) throws Exception {
        var http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        List<String> trail = new ArrayList<>();
        HttpResponse<String> response = follow(http, get("http://127.0.0.1:" + appPort + "/oauth2/authorization/sso"), trail);
        // the provider's sign-in page
        assertThat(trail.get(trail.size() - 1)).isEqualTo("http://localhost:" + OIDC_PROVIDER_PORT + "/login");
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(response.body());
        assertThat(csrf.find()).as("CSRF token on the provider's login page").isTrue();
        String form = "username=" + enc(username) + "&password=" + enc(password) + "&_csrf=" + enc(csrf.group(1));
        follow(http, HttpRequest.newBuilder(URI.create("http://localhost:" + OIDC_PROVIDER_PORT + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), trail);
        assertThat(trail).anyMatch(url -> url.contains(":" + appPort + "/login/oauth2/code/sso?code="));
        return trail.get(trail.size() - 1);
    }

    private HttpResponse<String> follow(HttpClient http, HttpRequest request, List<String> trail) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        trail.add(request.uri().toString());
        for (int hops = 0; hops < 10 && response.statusCode() / 100 == 3; hops++) {
            URI next = request.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            request = get(next.toString());
            trail.add(next.toString());
            if (next.getPath().equals("/") || next.getPath().equals("/login") && next.getPort() == appPort) {
                return response; // back in the app: its pages are the browser's business
            }
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        return response;
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
