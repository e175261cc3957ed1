package io.flowmeter.connector.http;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Puts the configured egress allow-list in force before any connector runs. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EgressConfiguration.EgressProperties.class)
class EgressConfiguration {

    /** @param allow host names, addresses and CIDR ranges that tenant-controlled calls may reach although internal */
    @ConfigurationProperties("flowmeter.egress")
    record EgressProperties(@Nullable String allow) {
    }

    EgressConfiguration(EgressProperties properties) {
        Egress.configure(Egress.parse(properties.allow()));
    }
}
