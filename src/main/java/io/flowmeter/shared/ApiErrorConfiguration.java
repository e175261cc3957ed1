package io.flowmeter.shared;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class ApiErrorConfiguration {

    @Bean
    FilterRegistrationBean<ApiErrorFilter> apiErrorFilter() {
        var registration = new FilterRegistrationBean<>(new ApiErrorFilter());
        // error dispatches go to /error: the filter itself decides by the original path
        registration.addUrlPatterns("/api/*", "/hooks/*", "/error");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ERROR);
        return registration;
    }
}
