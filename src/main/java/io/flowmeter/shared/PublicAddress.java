package io.flowmeter.shared;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where people reach Flowmeter ({@code FLOWMETER_BASE_URL}): the start of every link it sends out by email. */
@ConfigurationProperties("flowmeter")
public record PublicAddress(String baseUrl) {

    /** {@code path} (starting with a slash) under the base URL. */
    public String link(String path) {
        return baseUrl.replaceAll("/+$", "") + path;
    }
}
