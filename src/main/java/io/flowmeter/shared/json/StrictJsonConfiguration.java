package io.flowmeter.shared.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/** Request bodies of the REST API are read strictly; Spring Boot's own converter backs off for this one. */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

    @Bean
    StrictJson strictJson(ObjectMapper mapper) {
        return new StrictJson(mapper);
    }

    @Bean
    MappingJackson2HttpMessageConverter mappingJackson2HttpMessageConverter(StrictJson strict) {
        return new MappingJackson2HttpMessageConverter(strict.mapper());
    }
}
