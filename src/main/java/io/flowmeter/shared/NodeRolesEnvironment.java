package io.flowmeter.shared;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Applies {@link NodeRoles} before any bean exists: a node that is not a worker gets no JobRunr background job
 * server (it still saves jobs for the workers to run), and a bad {@code FLOWMETER_ROLES} stops the start at once,
 * saying what is allowed.
 */
public class NodeRolesEnvironment implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        NodeRoles roles = new NodeRoles(environment.getProperty(NodeRoles.PROPERTY, NodeRoles.ALL));
        if (!roles.worker()) {
            environment.getPropertySources().addFirst(new MapPropertySource("flowmeterNodeRoles",
                    Map.of("jobrunr.background-job-server.enabled", "false")));
        }
    }

    @Override
    public int getOrder() {
        // after the application's own configuration files are read
        return Ordered.LOWEST_PRECEDENCE;
    }
}
