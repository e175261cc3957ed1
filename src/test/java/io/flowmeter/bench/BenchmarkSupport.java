package io.flowmeter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.admin.service.PlatformAdminService;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.identity.security.SignInService;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.domain.Plan;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** What the benchmarks share: a tenant with a generous plan, publishing, percentiles and the machine they ran on. */
abstract class BenchmarkSupport extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired PlatformAdminService admin;
    @Autowired SignInService signIn;
    @Autowired WorkflowService workflows;
    @Autowired RunService runs;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired ObjectMapper json;

    UUID tenant;

    org.springframework.security.core.Authentication benchAuth;

    void setUpTenant() {
        var owner = data.newTenant("bench");
        TestData.signInAs(data.platformAdmin());
        String slug = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        var created = admin.create("Benchmark", slug, new Plan(1000, 100_000_000, 100, 100), owner.user().getEmail());
        tenant = created.tenant().getId();
        benchAuth = signIn.authenticate(owner.user().getId(), tenant);
        TestData.signInAs(benchAuth);
    }

    <T> T inTenant(Supplier<T> work) {
        return TenantContext.callAsTenant(tenant, work);
    }

    UUID publish(String definition) throws Exception {
        WorkflowDefinition parsed = json.readValue(definition, WorkflowDefinition.class);
        return inTenant(() -> {
            var workflow = workflows.create(parsed);
            workflows.publish(workflow.getId());
            return workflow.getId();
        });
    }

    static long pct(List<Long> values, int percentile) {
        return Figures.pct(values, percentile);
    }

    static double ms(long nanos) {
        return Figures.ms(nanos);
    }

    static String machine() throws Exception {
        return Machine.describe();
    }
}
