package io.flowmeter.connection.oauth;

import io.flowmeter.support.ReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Token endpoint answers as providers really send them (Slack's documented oauth.v2.access answers among them), and
 * how each failure is classified: refused (stored nothing, not worth retrying) or transient.
 */
class TokenEndpointTest {

    ReplayServer provider;
    TokenEndpoint endpoint;
    ClientRegistration registration;
    OAuth2AuthorizationRequest request;

    @BeforeEach
    void setUp() throws Exception {
        provider = new ReplayServer();
        endpoint = new TokenEndpoint(new OAuthProperties(null, null, Duration.ofSeconds(5), null, Map.of()));
        registration = ClientRegistration.withRegistrationId("slack").clientId("1234.5678").clientSecret("s3cret")
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("https://flowmeter.example/connections/oauth/callback")
                .authorizationUri(provider.url() + "/oauth/v2/authorize").tokenUri(provider.url() + "/api/oauth.v2.access").build();
        request = OAuth2AuthorizationRequest.authorizationCode().authorizationUri(registration.getProviderDetails().getAuthorizationUri())
                .clientId("1234.5678").redirectUri(registration.getRedirectUri()).state("state-1").build();
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    @Test
    void slacksBotTokenAnswerIsABearerTokenThatDoesNotExpire() throws Exception {
        provider.answerJson(200, """
                {"ok": true, "access_token": "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy", "token_type": "bot",
                 "scope": "commands,incoming-webhook", "bot_user_id": "U0KRQLJ9H", "app_id": "A0KRD7HC3",
                 "team": {"name": "Slack Softball Team", "id": "T9TK3CUKW"}, "enterprise": null,
                 "authed_user": {"id": "U1234", "scope": "chat:write", "access_token": "xoxp-1234", "token_type": "user"}}
                """);
        var tokens = endpoint.exchange(registration, request, "the-code");
        assertThat(tokens.accessToken()).isEqualTo("xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy");
        assertThat(tokens.expiresAt()).as("no expires_in: the token does not expire").isNull();
        assertThat(tokens.refreshToken()).isNull();
        assertThat(provider.last().body()).contains("grant_type=authorization_code", "code=the-code", "client_id=1234.5678",
                "client_secret=s3cret");
    }

    @Test
    void failuresAreClassified() {
        provider.answerJson(200, "{\"ok\": false, \"error\": \"invalid_code\"}");
        assertThatThrownBy(() -> endpoint.exchange(registration, request, "stale")).isInstanceOf(TokenEndpoint.TokenException.class)
                .satisfies(e -> {
                    assertThat(((TokenEndpoint.TokenException) e).code()).isEqualTo("invalid_code");
                    assertThat(((TokenEndpoint.TokenException) e).transientFailure()).isFalse();
                });
        provider.answerJson(400, "{\"error\": \"invalid_grant\", \"error_description\": \"Code expired\"}");
        assertThatThrownBy(() -> endpoint.exchange(registration, request, "old"))
                .satisfies(e -> assertThat(((TokenEndpoint.TokenException) e).code()).isEqualTo("invalid_grant"))
                .hasMessageContaining("Code expired");
        provider.answerJson(401, "{\"error\": \"invalid_client\"}");
        assertThatThrownBy(() -> endpoint.exchange(registration, request, "x"))
                .satisfies(e -> assertThat(((TokenEndpoint.TokenException) e).code()).isEqualTo("invalid_client"));
        provider.answerJson(503, "{\"message\": \"down for maintenance\"}");
        assertThatThrownBy(() -> endpoint.exchange(registration, request, "x"))
                .satisfies(e -> assertThat(((TokenEndpoint.TokenException) e).transientFailure()).isTrue());
    }

    @Test
    void anAnswerWithoutScopeGrantsTheRequestedScopes() throws Exception {
        provider.answerJson(200, "{\"access_token\": \"gho_16C7e42F292c6912E7710c838347Ae178B4a\", \"token_type\": \"bearer\"}");
        var scoped = OAuth2AuthorizationRequest.from(request).scopes(java.util.Set.of("repo", "read:user")).build();
        assertThat(endpoint.exchange(registration, scoped, "the-code").scopes()).containsExactlyInAnyOrder("repo", "read:user");
    }
}
