package io.flowmeter.identity;

import io.flowmeter.audit.AuditEntry;
import io.flowmeter.audit.AuditFilter;
import io.flowmeter.audit.AuditLog;
import io.flowmeter.identity.domain.MemberView;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.security.SignInService;
import io.flowmeter.identity.service.AccountService;
import io.flowmeter.identity.service.MemberService;
import io.flowmeter.identity.service.SignUpForm;
import io.flowmeter.shared.audit.AuditActor;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.service.TenantService;
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
    @Autowired TestData data;
    @Autowired AuditLog log;
    @Autowired TenantService tenants;
    @Autowired SignInService signIn;

    @Test
    void knownPeopleSignInUnknownPeopleAreRefusedUntilTheirTenantAllowsAutoJoin() throws Exception {
        var ada = accounts.signUp(new SignUpForm("Ada Lovelace", "ada@sso.example", TestData.PASSWORD, "Analytical Engines", "engines"));
        assertThat(signInThroughProvider("ada", "ada-password-1")).endsWith(":" + appPort + "/");

        // nobody has an account for newcomer@sso.example and the auto-join tenant does not exist yet
        assertThat(signInThroughProvider("newcomer", "newcomer-password-1")).contains("/login?error");
        assertThat(accounts.emailTaken("newcomer@sso.example")).isFalse();
        assertThat(failedSignIns()).filteredOn(e -> "newcomer@sso.example".equals(e.objectName())).singleElement().satisfies(e -> {
            assertThat(e.actorKind()).isEqualTo(AuditActor.Kind.ANONYMOUS);
            assertThat(e.after()).contains("single sign-on: no account");
        });

        var owner = accounts.signUp(new SignUpForm("Team Owner", "owner@sso-team.example", TestData.PASSWORD, "SSO Team", "sso-team"));
        assertThat(signInThroughProvider("newcomer", "newcomer-password-1")).endsWith(":" + appPort + "/");
        var joined = accounts.findByEmail("newcomer@sso.example").orElseThrow();
        assertThat(joined.getDisplayName()).isEqualTo("Newcomer SSO");
        assertThat(joined.getPasswordHash()).isNull(); // SSO-only account

        TestData.signInAs(signIn.authenticate(owner.getId(), null));
        List<MemberView> team = TenantContext.callAsTenant(owner.getLastTenantId(), () -> members.members());
        assertThat(team).filteredOn(m -> m.email().equals("newcomer@sso.example")).singleElement()
                .extracting(MemberView::role).isEqualTo(Role.OPERATOR);

        // failed single sign-ons are audited: a callback the app never asked for...
        var forged = HttpClient.newHttpClient().send(get("http://127.0.0.1:" + appPort + "/login/oauth2/code/sso?code=forged&state=forged"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).contains("/login?error"));
        assertThat(failedSignIns()).filteredOn(e -> e.after() != null && e.after().contains("authorization_request_not_found"))
                .singleElement().extracting(AuditEntry::actorName).isEqualTo("unknown (single sign-on)");
        // ...and the provider vouching for someone whose organization is suspended, in that organization's log
        TestData.signInAs(data.platformAdmin());
        tenants.suspend(ada.getLastTenantId());
        assertThat(signInThroughProvider("ada", "ada-password-1")).contains("/login?error");
        TestData.signInAs(data.platformAdmin());
        tenants.reactivate(ada.getLastTenantId());
        TestData.signInAs(signIn.authenticate(ada.getId(), null));
        assertThat(TenantContext.callAsTenant(ada.getLastTenantId(), () -> log.search(new AuditFilter(null, null, "user.sign_in_failed", null, null),
                null, 10).items())).singleElement().satisfies(e -> {
            assertThat(e.actorName()).isEqualTo("ada@sso.example");
            assertThat(e.after()).contains("single sign-on: suspended");
        });
    }

    private List<AuditEntry> failedSignIns() {
        TestData.signInAs(data.platformAdmin());
        return log.searchPlatform(new AuditFilter(null, null, "user.sign_in_failed", null, null), null, 50).items();
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
