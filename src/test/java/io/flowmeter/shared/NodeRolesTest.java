package io.flowmeter.shared;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FLOWMETER_ROLES: what each value means, what is refused, and that only workers get a JobRunr job server. */
class NodeRolesTest {

    @Test
    void eachRoleAndTheirCombinations() {
        assertThat(new NodeRoles("all")).satisfies(r -> {
            assertThat(r.web()).isTrue();
            assertThat(r.worker()).isTrue();
            assertThat(r).hasToString("all");
        });
        assertThat(new NodeRoles("web")).satisfies(r -> {
            assertThat(r.web()).isTrue();
            assertThat(r.worker()).isFalse();
        });
        assertThat(new NodeRoles(" Worker ")).satisfies(r -> {
            assertThat(r.web()).isFalse();
            assertThat(r.worker()).isTrue();
            assertThat(r).hasToString("worker");
        });
        assertThat(new NodeRoles("web,worker")).hasToString("all");
    }

    @Test
    void unknownOrNoRolesStopTheStartSayingWhatIsAllowed() {
        assertThatThrownBy(() -> new NodeRoles("webserver")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("web, worker or all").hasMessageContaining("webserver");
        assertThatThrownBy(() -> new NodeRoles(" , ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodeRoles("web,ui")).hasMessageContaining("unknown [ui]");
    }

    @Test
    void onlyWorkersRunAJobServer() {
        var web = new MockEnvironment().withProperty(NodeRoles.PROPERTY, "web").withProperty("jobrunr.background-job-server.enabled", "true");
        new NodeRolesEnvironment().postProcessEnvironment(web, new SpringApplication());
        assertThat(web.getProperty("jobrunr.background-job-server.enabled")).isEqualTo("false");

        var worker = new MockEnvironment().withProperty(NodeRoles.PROPERTY, "worker").withProperty("jobrunr.background-job-server.enabled", "true");
        new NodeRolesEnvironment().postProcessEnvironment(worker, new SpringApplication());
        assertThat(worker.getProperty("jobrunr.background-job-server.enabled")).isEqualTo("true");

        var bad = new MockEnvironment().withProperty(NodeRoles.PROPERTY, "everything");
        assertThatThrownBy(() -> new NodeRolesEnvironment().postProcessEnvironment(bad, new SpringApplication()))
                .hasMessageContaining("FLOWMETER_ROLES");
    }
}
