package io.flowmeter.trigger;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Triggers keep house on a schedule (forgetting old webhook delivery ids). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class TriggerConfiguration {
}
