package io.flowmeter;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart, rendered and linted by real Helm (helm-java runs Helm's Go library), and every manifest it renders
 * read into fabric8's Kubernetes model strictly: a field the API does not know, a value of the wrong type or an
 * apiVersion that does not match the kind fails the test. Then what the chart promises is checked on the objects.
 */
class HelmChartTest {

    static final Path CHART = Path.of("helm/flowmeter");
    static final Path PRODUCTION = CHART.resolve("examples/production.yaml");

    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Deployment", Deployment.class, "Service", Service.class, "ConfigMap", ConfigMap.class, "Secret", Secret.class,
            "ServiceAccount", ServiceAccount.class, "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "PodDisruptionBudget", PodDisruptionBudget.class, "Ingress", Ingress.class);

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** No coercion of "3" into 3 or of a number into a string: the API server would refuse those too. */
    static final ObjectMapper STRICT = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** helm lint --strict (its library takes no values file: the production example is checked by rendering it below). */
    @Test
    void lintsCleanInStrictMode() {
        var lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
    }

    @Test
    void defaultsRenderWebAndWorkerDeploymentsThatMigrateFirstProbeTheHealthGroupsAndRunUnprivileged() throws Exception {
        var manifests = render(UnaryOperator.identity());

        assertThat(manifests.kinds()).containsOnly("ConfigMap", "Deployment", "Service", "ServiceAccount",
                "HorizontalPodAutoscaler", "PodDisruptionBudget");
        var web = manifests.deployment("flowmeter-flowmeter-web");
        var worker = manifests.deployment("flowmeter-flowmeter-worker");
        assertThat(env(app(web), "FLOWMETER_ROLES")).isEqualTo("web");
        assertThat(env(app(worker), "FLOWMETER_ROLES")).isEqualTo("worker");
        assertThat(web.getSpec().getReplicas()).isEqualTo(2);
        // the worker's replica count belongs to its autoscaler
        assertThat(worker.getSpec().getReplicas()).isNull();

        for (var deployment : List.of(web, worker)) {
            var pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
            var app = app(deployment);
            assertThat(app.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(app.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(app.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
            assertThat(app.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
            assertThat(app.getPorts()).anySatisfy(port -> {
                assertThat(port.getName()).isEqualTo("management");
                assertThat(port.getContainerPort()).isEqualTo(8081);
            });
            assertThat(manifests.configMap("flowmeter-flowmeter").getData()).containsEntry("FLOWMETER_MANAGEMENT_PORT", "8081")
                    .containsEntry("SPRING_PROFILES_ACTIVE", "production").containsEntry("FLOWMETER_SHUTDOWN_TIMEOUT", "30s")
                    .containsEntry("FLOWMETER_DEMO_SEED", "false");
            // longer than the shutdown timeout applied to requests and then to steps
            assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(60);
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            for (var container : List.of(app, pod.getInitContainers().get(0))) {
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(container.getVolumeMounts()).anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
                assertThat(container.getResources().getLimits()).containsKey("memory");
            }
            var migrate = pod.getInitContainers().get(0);
            assertThat(migrate.getName()).isEqualTo("migrate");
            assertThat(migrate.getArgs()).containsExactly("migrate");
            assertThat(migrate.getImage()).isEqualTo(app.getImage()).isEqualTo("registry.example.com/flowmeter:0.1.0");
            assertThat(names(migrate.getEnv())).contains("FLOWMETER_DB_PASSWORD", "FLOWMETER_DB_APP_PASSWORD",
                    "FLOWMETER_DB_PLATFORM_PASSWORD");
        }
        // web pods drain before they stop; Vault is reached with the pods' service account
        assertThat(app(web).getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(5);
        assertThat(manifests.configMap("flowmeter-flowmeter").getData())
                .containsEntry("FLOWMETER_SECRETS", "vault").containsEntry("FLOWMETER_VAULT_KUBERNETES_ROLE", "flowmeter");

        var workerScaler = manifests.get(HorizontalPodAutoscaler.class, "flowmeter-flowmeter-worker");
        assertThat(workerScaler.getSpec().getScaleTargetRef().getName()).isEqualTo(worker.getMetadata().getName());
        assertThat(workerScaler.getSpec().getMetrics()).singleElement()
                .satisfies(metric -> assertThat(metric.getResource().getName()).isEqualTo("cpu"));
        assertThat(manifests.all(PodDisruptionBudget.class)).hasSize(2).allSatisfy(pdb ->
                assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1));
        // traffic goes to web pods only; the metrics Service reaches every pod's management port
        assertThat(manifests.get(Service.class, "flowmeter-flowmeter").getSpec().getSelector())
                .containsEntry("app.kubernetes.io/component", "web");
        assertThat(manifests.get(Service.class, "flowmeter-flowmeter-metrics").getSpec().getSelector())
                .doesNotContainKey("app.kubernetes.io/component");
        assertEveryReferenceResolves(manifests, Set.of("flowmeter-db"));
    }

    @Test
    void theProductionExampleRendersStickyIngressQueueDepthScalingAndAServiceMonitor() throws Exception {
        var manifests = render(command -> command.withValuesFile(PRODUCTION));

        var ingress = manifests.get(Ingress.class, "flowmeter-flowmeter");
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/affinity", "cookie")
                .containsEntry("nginx.ingress.kubernetes.io/affinity-mode", "persistent")
                .containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
        assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("flowmeter-tls");
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName())
                .isEqualTo("flowmeter-flowmeter");

        var workerScaler = manifests.get(HorizontalPodAutoscaler.class, "flowmeter-flowmeter-worker");
        assertThat(workerScaler.getSpec().getMaxReplicas()).isEqualTo(12);
        assertThat(workerScaler.getSpec().getMetrics()).anySatisfy(metric -> {
            assertThat(metric.getType()).isEqualTo("External");
            assertThat(metric.getExternal().getMetric().getName()).isEqualTo("flowmeter_jobrunr_jobs");
            assertThat(metric.getExternal().getMetric().getSelector().getMatchLabels()).containsEntry("state", "ENQUEUED");
            assertThat(metric.getExternal().getTarget().getAverageValue().toString()).isEqualTo("100");
        });
        assertThat(manifests.get(HorizontalPodAutoscaler.class, "flowmeter-flowmeter-web").getSpec().getMinReplicas()).isEqualTo(3);

        var monitor = manifests.untyped("ServiceMonitor");
        assertThat(monitor.at("/apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("management");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/actuator/prometheus");
        assertThat(monitor.at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText()).isEqualTo("metrics");

        var worker = manifests.deployment("flowmeter-flowmeter-worker");
        assertThat(worker.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("workload", "flowmeter-workers");
        assertThat(worker.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(105L);
        var app = app(worker);
        assertThat(app.getEnv()).anySatisfy(variable -> {
            assertThat(variable.getName()).isEqualTo("FLOWMETER_GITHUB_CLIENT_SECRET");
            assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("flowmeter-oauth");
        });
        assertThat(names(app.getEnv())).contains("FLOWMETER_SMTP_PASSWORD");
        assertThat(manifests.configMap("flowmeter-flowmeter").getData())
                .containsEntry("FLOWMETER_AUDIT_RETENTION", "400d").containsEntry("FLOWMETER_COOKIE_SECURE", "true")
                .containsEntry("FLOWMETER_SMTP_HOST", "smtp.example.com").containsEntry("FLOWMETER_TRACING_ENABLED", "true")
                .containsEntry("FLOWMETER_TRACING_SAMPLING", "0.25");
        assertThat(manifests.kinds()).doesNotContain("Secret");
        assertEveryReferenceResolves(manifests, Set.of("flowmeter-db", "flowmeter-smtp", "flowmeter-oauth"));
    }

    @Test
    void passwordsFromValuesTheLocalStoreAndAVaultTokenRenderTheirSecrets() throws Exception {
        var manifests = render(command -> command.set("database.existingSecret", "").set("database.password", "owner-pw")
                .set("database.appPassword", "app-pw").set("database.platformPassword", "platform-pw")
                .set("secrets.store", "local").set("secrets.masterKeySecret", "flowmeter-master-key"));
        assertThat(manifests.get(Secret.class, "flowmeter-flowmeter").getStringData())
                .containsOnlyKeys("password", "app-password", "platform-password");
        assertThat(names(app(manifests.deployment("flowmeter-flowmeter-web")).getEnv())).contains("FLOWMETER_MASTER_KEY");
        assertThat(manifests.configMap("flowmeter-flowmeter").getData()).containsEntry("FLOWMETER_SECRETS", "local")
                .doesNotContainKey("FLOWMETER_VAULT_ADDR");
        assertEveryReferenceResolves(manifests, Set.of("flowmeter-master-key"));

        var token = render(command -> command.set("secrets.vault.auth", "token").set("secrets.vault.tokenSecret.name", "vault-token"));
        assertThat(names(app(token.deployment("flowmeter-flowmeter-worker")).getEnv())).contains("FLOWMETER_VAULT_TOKEN");
        assertThat(token.configMap("flowmeter-flowmeter").getData()).doesNotContainKey("FLOWMETER_VAULT_KUBERNETES_ROLE");
    }

    @Test
    void wrongValuesFailTheRenderSayingWhatIsMissing() {
        assertThatThrownBy(() -> render(command -> command.set("secrets.store", "s3")))
                .hasMessageContaining("secrets.store must be vault or local");
        assertThatThrownBy(() -> render(command -> command.set("secrets.store", "local")))
                .hasMessageContaining("secrets.masterKeySecret is required");
        assertThatThrownBy(() -> render(command -> command.set("database.existingSecret", "")))
                .hasMessageContaining("database.password is required");
        assertThatThrownBy(() -> render(command -> command.set("env.JAVA_HOME", "/opt")))
                .hasMessageContaining("only FLOWMETER_* settings belong here");
        assertThatThrownBy(() -> render(command -> command.set("secrets.vault.auth", "token")))
                .hasMessageContaining("secrets.vault.tokenSecret.name is required");
    }

    @Test
    void everyFlowmeterSettingTheChartSetsIsOneTheApplicationReads() throws Exception {
        String configuration = Files.readString(Path.of("src/main/resources/application.yml"));
        for (var manifests : List.of(render(UnaryOperator.identity()), render(command -> command.withValuesFile(PRODUCTION)))) {
            Set<String> settings = new HashSet<>(manifests.configMap("flowmeter-flowmeter").getData().keySet());
            for (var deployment : manifests.all(Deployment.class)) {
                settings.addAll(names(app(deployment).getEnv()));
            }
            settings.removeIf(name -> !name.startsWith("FLOWMETER_"));
            assertThat(settings).hasSizeGreaterThan(15).allSatisfy(name ->
                    assertThat(configuration).as(name).containsPattern("\\$\\{" + Pattern.quote(name) + "[:}]"));
        }
    }

    // ---- rendering and strict reading

    record Manifests(List<HasMetadata> typed, List<JsonNode> untyped) {

        Set<String> kinds() {
            Set<String> kinds = new HashSet<>();
            typed.forEach(resource -> kinds.add(resource.getKind()));
            untyped.forEach(node -> kinds.add(node.path("kind").asText()));
            return kinds;
        }

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return typed.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T get(Class<T> type, String name) {
            return all(type).stream().filter(resource -> resource.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in " + typed));
        }

        Deployment deployment(String name) {
            return get(Deployment.class, name);
        }

        ConfigMap configMap(String name) {
            return get(ConfigMap.class, name);
        }

        JsonNode untyped(String kind) {
            return untyped.stream().filter(node -> node.path("kind").asText().equals(kind)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind));
        }
    }

    static Manifests render(UnaryOperator<TemplateCommand> values) throws IOException {
        String rendered = values.apply(new Helm(CHART).template().withName("flowmeter").withNamespace("flowmeter")).call();
        List<HasMetadata> typed = new ArrayList<>();
        List<JsonNode> untyped = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(rendered)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode document = it.next();
                if (document == null || document.isNull() || document.isMissingNode() || document.isEmpty()) {
                    continue;
                }
                String kind = document.path("kind").asText();
                var type = KINDS.get(kind);
                if (type == null) {
                    assertThat(kind).as("a kind the chart may render without a model here").isEqualTo("ServiceMonitor");
                    untyped.add(document);
                    continue;
                }
                HasMetadata resource = STRICT.treeToValue(document, type);
                assertThat(resource.getApiVersion()).as(kind).isEqualTo(HasMetadata.getApiVersion(type));
                assertThat(resource.getMetadata().getName()).as(kind).isNotBlank().hasSizeLessThanOrEqualTo(63);
                assertNoUnknownFields(resource, kind, new IdentityHashMap<>());
                typed.add(resource);
            }
        }
        assertThat(typed).isNotEmpty();
        return new Manifests(typed, untyped);
    }

    /** fabric8's types keep fields they do not know in additionalProperties: any there is a field Kubernetes would refuse. */
    static void assertNoUnknownFields(Object value, String path, IdentityHashMap<Object, Boolean> seen) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                assertNoUnknownFields(item, path + "[" + i++ + "]", seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, item) -> assertNoUnknownFields(item, path + "." + key, seen));
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.") || seen.put(value, true) != null) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                assertThat((Map<?, ?>) field).as("fields Kubernetes does not know at %s", path).isNullOrEmpty();
            } else {
                assertNoUnknownFields(field, path + "." + getter.getName().substring(3), seen);
            }
        }
    }

    /** Every ConfigMap, Secret, service account and Service a manifest names is rendered, or is one the values name as existing. */
    static void assertEveryReferenceResolves(Manifests manifests, Set<String> existingSecrets) {
        Set<String> secrets = new HashSet<>(existingSecrets);
        manifests.all(Secret.class).forEach(secret -> secrets.add(secret.getMetadata().getName()));
        Set<String> configMaps = new HashSet<>();
        manifests.all(ConfigMap.class).forEach(map -> configMaps.add(map.getMetadata().getName()));
        Set<String> accounts = new HashSet<>();
        manifests.all(ServiceAccount.class).forEach(account -> accounts.add(account.getMetadata().getName()));
        for (var deployment : manifests.all(Deployment.class)) {
            var pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(accounts).contains(pod.getServiceAccountName());
            List<Container> containers = new ArrayList<>(pod.getContainers());
            containers.addAll(pod.getInitContainers());
            for (var container : containers) {
                container.getEnvFrom().forEach(from -> assertThat(configMaps).contains(from.getConfigMapRef().getName()));
                for (var variable : container.getEnv()) {
                    if (variable.getValueFrom() != null) {
                        assertThat(secrets).as(variable.getName()).contains(variable.getValueFrom().getSecretKeyRef().getName());
                    }
                }
                Set<String> ports = new HashSet<>();
                if (container.getPorts() != null) {
                    container.getPorts().forEach(port -> ports.add(port.getName()));
                }
                for (var probe : java.util.Arrays.asList(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
                    if (probe != null) {
                        assertThat(ports).contains(probe.getHttpGet().getPort().getStrVal());
                    }
                }
            }
            Set<String> volumes = new HashSet<>();
            pod.getVolumes().forEach(volume -> volumes.add(volume.getName()));
            containers.forEach(container -> container.getVolumeMounts().forEach(mount -> assertThat(volumes).contains(mount.getName())));
        }
        Set<String> services = new HashSet<>();
        manifests.all(Service.class).forEach(service -> services.add(service.getMetadata().getName()));
        manifests.all(Ingress.class).forEach(ingress -> ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths()
                .forEach(path -> assertThat(services).contains(path.getBackend().getService().getName()))));
        Set<String> deployments = new HashSet<>();
        manifests.all(Deployment.class).forEach(deployment -> deployments.add(deployment.getMetadata().getName()));
        manifests.all(HorizontalPodAutoscaler.class).forEach(hpa -> assertThat(deployments).contains(hpa.getSpec().getScaleTargetRef().getName()));
    }

    static Container app(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(container -> container.getName().equals("flowmeter")).findFirst().orElseThrow();
    }

    static String env(Container container, String name) {
        return container.getEnv().stream().filter(variable -> variable.getName().equals(name)).map(EnvVar::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no " + name));
    }

    static List<String> names(List<EnvVar> variables) {
        return variables.stream().map(EnvVar::getName).toList();
    }
}
