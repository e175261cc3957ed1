package io.flowmeter.connection.api;

import io.flowmeter.connection.oauth.OAuthConnectService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Where OAuth2 providers send people back after they grant (or refuse) access. Success returns to the hub;
 * any refusal answers 4xx (502 when the provider's token endpoint is down) with a short page that takes the
 * person back to the hub, which then says what went wrong.
 */
@RestController
class OAuthCallbackController {

    static final String PATH = "/connections/oauth/callback";

    private final OAuthConnectService oauth;

    OAuthCallbackController(OAuthConnectService oauth) {
        this.oauth = oauth;
    }

    @GetMapping(PATH)
    ResponseEntity<String> callback(@RequestParam(required = false) @Nullable String state,
                                    @RequestParam(required = false) @Nullable String code,
                                    @RequestParam(required = false) @Nullable String error,
                                    @RequestParam(name = "error_description", required = false) @Nullable String errorDescription,
                                    HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        var completion = oauth.complete(state, code, error, errorDescription, session == null ? null : session.getId());
        var hub = UriComponentsBuilder.fromPath(request.getContextPath() + "/connections").queryParam("oauth", completion.code());
        if (completion.connectionId() != null) {
            hub.queryParam("connection", completion.connectionId());
        }
        String target = hub.build().encode().toUriString();
        if (completion.ok()) {
            return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, target).build();
        }
        HttpStatus status = completion.result() == OAuthConnectService.Result.PROVIDER_UNREACHABLE ? HttpStatus.BAD_GATEWAY : HttpStatus.BAD_REQUEST;
        String message = HtmlUtils.htmlEscape(completion.message());
        String href = HtmlUtils.htmlEscape(target);
        String page = """
                <!doctype html><html lang="en"><head><meta charset="utf-8">
                <meta http-equiv="refresh" content="3;url=%s"><title>Connection not made · Flowmeter</title>
                <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style>
                </head><body><h1>The connection was not made</h1><p id="message">%s</p>
                <p><a href="%s">Back to Connections</a></p></body></html>
                """.formatted(href, message, href);
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(page);
    }
}
