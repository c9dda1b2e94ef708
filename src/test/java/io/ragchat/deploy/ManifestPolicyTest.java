package io.ragchat.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * What the rendered overlays must say, beyond being valid: the app's real endpoints and config keys, the
 * security and availability settings, streaming through the ingress, pinned images, and the supporting pieces
 * (Ollama, PostgreSQL, Redis, monitoring). Each assertion says which rule it enforces.
 */
class ManifestPolicyTest {

    static final int APP_PORT = 8080;
    static final String CONFIG_DIR = "/deployments/config";

    /** Secret-carrying environment variables the app may receive; all else is configured in the ConfigMap. */
    static final Set<String> ALLOWED_ENV = Set.of("JAVA_OPTS", "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_LANGCHAIN4J_OPENAI_API_KEY", "QUARKUS_REDIS_PASSWORD");

    /** What ragchat may reach: PostgreSQL, Redis, Ollama, and DNS. */
    static final Set<Integer> ALLOWED_EGRESS_PORTS = Set.of(5432, 6379, 11434, 53);

    /** The metrics the app publishes (Micrometer names as Prometheus exposes them). */
    static final List<String> APP_METRICS = List.of("ragchat_stage_seconds", "ragchat_embedding_cache_requests_total",
            "ragchat_streams_active", "ragchat_tokens_per_second", "ragchat_history_queue_depth",
            "ragchat_history_write_failures_total");

    static Stream<String> overlays() {
        return Kustomize.OVERLAYS.stream();
    }

    // ---- the app's own endpoints and configuration --------------------------------------------------------

    @ParameterizedTest
    @MethodSource("overlays")
    void probesHitTheAppsRealHealthEndpoints(String overlay) {
        Container app = KustomizeOverlaysTest.ragchat(Kustomize.objects(overlay));
        assertTrue(app.getPorts().stream().anyMatch(p -> p.getContainerPort() == APP_PORT), "ragchat listens on 8080");
        assertHttpProbe(app, app.getStartupProbe(), "/q/health/started", "startupProbe (warm-up done)");
        assertHttpProbe(app, app.getReadinessProbe(), "/q/health/ready", "readinessProbe (dependencies + LLM)");
        assertHttpProbe(app, app.getLivenessProbe(), "/q/health/live", "livenessProbe (no dependency)");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theStartupProbeOutlastsTheWarmUpsWaitForTheModel(String overlay) {
        List<JsonNode> objects = Kustomize.objects(overlay);
        Probe startup = KustomizeOverlaysTest.ragchat(objects).getStartupProbe();
        AppSettings settings = AppSettings.of(ragchatConfig(objects));
        // The warm-up also loads the embedding model and opens the database and Redis: 20 s on a cold node.
        long warmUp = settings.seconds("ragchat.warm-up.model-timeout") + 20;
        assertTrue(startup.getPeriodSeconds() * startup.getFailureThreshold() >= warmUp,
                "the startup probe allows the warm-up's wait for the model plus 20 s (" + warmUp + " s), or the kubelet"
                        + " restarts a pod that is still warming up");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void readinessAnswersWithinTheKubeletsTimeoutWhateverTheModelDoes(String overlay) {
        List<JsonNode> objects = Kustomize.objects(overlay);
        Probe readiness = KustomizeOverlaysTest.ragchat(objects).getReadinessProbe();
        AppSettings settings = AppSettings.of(ragchatConfig(objects));
        // The dummy inference itself may take up to the llm-probe guard's timeout; readiness waits for it only
        // this long, then answers from the last one (LlmReadinessCheck), leaving a second for the other checks.
        long wait = settings.seconds("ragchat.health.llm-probe-wait");
        assertTrue(readiness.getTimeoutSeconds() >= wait + 1, "readinessProbe.timeoutSeconds (" + readiness.getTimeoutSeconds()
                + ") leaves a second beyond ragchat.health.llm-probe-wait (" + wait + " s)");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void aFollowUpOnAnotherReplicaReadsThePreviousTurn(String overlay) {
        List<JsonNode> objects = Kustomize.objects(overlay);
        Deployment deployment = Manifests.get(objects, Deployment.class, "ragchat");
        int most = Manifests.all(objects, HorizontalPodAutoscaler.class).stream()
                .filter(h -> "ragchat".equals(h.getSpec().getScaleTargetRef().getName()))
                .map(h -> h.getSpec().getMaxReplicas()).findFirst()
                .orElse(deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas());
        if (most > 1) {
            // Turns are otherwise written after the answer, and a follow-up routed to another replica in between
            // would not see the last one; committing before the done event gives read-your-writes on every replica.
            assertEquals("true", ragchatConfig(objects).getProperty("ragchat.history.write-before-answer"),
                    "with up to " + most + " replicas, turns are committed before the answer's done event");
        }
    }

    private static void assertHttpProbe(Container container, Probe probe, String path, String what) {
        assertNotNull(probe, what + " is missing");
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, what + " must be an HTTP GET");
        assertEquals(path, get.getPath(), what + " path");
        assertEquals(APP_PORT, resolvePort(container, get.getPort()), what + " port");
    }

    private static int resolvePort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyConfigMapKeyIsARealConfigurationKeyOfTheApp(String overlay) {
        Properties config = ragchatConfig(Kustomize.objects(overlay));
        Set<String> unknown = new TreeSet<>();
        for (String key : config.stringPropertyNames()) {
            if (!AppConfig.declares(key)) {
                unknown.add(key);
            }
        }
        assertTrue(unknown.isEmpty(), overlay + ": the ragchat ConfigMap sets keys that neither "
                + Project.ROOT.relativize(AppConfig.APPLICATION_PROPERTIES) + " nor a config mapping declares: " + unknown);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void configurationComesFromTheConfigMapAndSecretsFromASecret(String overlay) {
        List<JsonNode> objects = Kustomize.objects(overlay);
        PodSpec pod = Manifests.get(objects, Deployment.class, "ragchat").getSpec().getTemplate().getSpec();
        Container app = Manifests.container(pod, "ragchat");
        VolumeMount mount = app.getVolumeMounts().stream().filter(m -> CONFIG_DIR.equals(m.getMountPath())).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + CONFIG_DIR));
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertNotNull(volume.getConfigMap(), CONFIG_DIR + " comes from a ConfigMap");

        for (EnvVar env : app.getEnv()) {
            assertTrue(ALLOWED_ENV.contains(env.getName()), overlay + ": env " + env.getName()
                    + " — configuration belongs in the ConfigMap; env is for secrets and JVM options");
            if (env.getName().startsWith("QUARKUS_")) {
                assertTrue(env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null,
                        env.getName() + " must come from a Secret, not a literal");
            }
        }
        assertTrue(app.getEnv().stream().anyMatch(e -> e.getName().equals("QUARKUS_DATASOURCE_PASSWORD")),
                "the database password comes from a Secret");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void configuredHostsAreServicesOfThisDeployment(String overlay) {
        List<JsonNode> objects = Kustomize.objects(overlay);
        Properties config = ragchatConfig(objects);
        Set<String> services = new TreeSet<>();
        Manifests.all(objects, Service.class).forEach(s -> services.add(s.getMetadata().getName()));
        // CloudNativePG creates <cluster>-rw/-ro/-r for each Cluster.
        Manifests.custom(objects, Manifests.CNPG_CLUSTER).forEach(c -> {
            String name = c.path("metadata").path("name").asText();
            services.addAll(List.of(name + "-rw", name + "-ro", name + "-r"));
        });
        for (String key : List.of("quarkus.datasource.reactive.url", "quarkus.datasource.jdbc.url",
                "quarkus.redis.hosts", "quarkus.langchain4j.ollama.base-url")) {
            String value = config.getProperty(key);
            assertNotNull(value, overlay + ": the ConfigMap must set " + key);
            String host = URI.create(value.replaceFirst("^jdbc:", "")).getHost();
            assertTrue(services.contains(host), overlay + ": " + key + " points at " + host
                    + ", which is no Service here " + services);
        }
    }

    // ---- security ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("overlays")
    void everyPodRunsRestricted(String overlay) {
        List<String> problems = new ArrayList<>();
        Manifests.podTemplates(Kustomize.objects(overlay)).forEach((workload, template) -> {
            PodSpec pod = template.getSpec();
            PodSecurityContext podSc = pod.getSecurityContext();
            if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                    || pod.getVolumes() != null && pod.getVolumes().stream().anyMatch(v -> v.getHostPath() != null)) {
                problems.add(workload + " uses the host's network, PIDs or filesystem");
            }
            if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
                problems.add(workload + " mounts a service account token it does not need");
            }
            Manifests.containers(pod).forEach(c -> {
                String where = workload + "/" + c.getName();
                SecurityContext sc = c.getSecurityContext();
                if (sc == null) {
                    problems.add(where + " has no securityContext");
                    return;
                }
                boolean nonRoot = Boolean.TRUE.equals(sc.getRunAsNonRoot())
                        || podSc != null && Boolean.TRUE.equals(podSc.getRunAsNonRoot());
                String seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType()
                        : podSc != null && podSc.getSeccompProfile() != null ? podSc.getSeccompProfile().getType() : null;
                if (!nonRoot) {
                    problems.add(where + ": runAsNonRoot is not true");
                }
                if (!"RuntimeDefault".equals(seccomp)) {
                    problems.add(where + ": seccomp profile is not RuntimeDefault");
                }
                if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                    problems.add(where + ": allowPrivilegeEscalation is not false");
                }
                if (Boolean.TRUE.equals(sc.getPrivileged())) {
                    problems.add(where + " is privileged");
                }
                if (sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null
                        || !sc.getCapabilities().getDrop().contains("ALL")
                        || sc.getCapabilities().getAdd() != null && !sc.getCapabilities().getAdd().isEmpty()) {
                    problems.add(where + ": capabilities must drop ALL and add none");
                }
            });
        });
        assertTrue(problems.isEmpty(), overlay + ":\n" + String.join("\n", problems));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void ragchatHasAReadOnlyRootWithOnlyTmpWritable(String overlay) {
        PodSpec pod = Manifests.get(Kustomize.objects(overlay), Deployment.class, "ragchat").getSpec().getTemplate().getSpec();
        Container app = Manifests.container(pod, "ragchat");
        assertEquals(Boolean.TRUE, app.getSecurityContext().getReadOnlyRootFilesystem(), "read-only root filesystem");
        for (VolumeMount mount : app.getVolumeMounts()) {
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
            if ("/tmp".equals(mount.getMountPath())) {
                assertNotNull(volume.getEmptyDir(), "/tmp is an emptyDir");
            } else {
                assertEquals(Boolean.TRUE, mount.getReadOnly(), mount.getMountPath() + " must be mounted read-only");
            }
        }
        assertTrue(app.getVolumeMounts().stream().anyMatch(m -> "/tmp".equals(m.getMountPath())), "/tmp is mounted");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerHasRequestsAndLimits(String overlay) {
        List<String> problems = new ArrayList<>();
        Manifests.podTemplates(Kustomize.objects(overlay)).forEach((workload, template) ->
                Manifests.containers(template.getSpec()).forEach(c -> {
                    var r = c.getResources();
                    Map<String, Quantity> requests = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
                    Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
                    if (!requests.containsKey("cpu") || !requests.containsKey("memory") || !limits.containsKey("memory")) {
                        problems.add(workload + "/" + c.getName() + " needs cpu and memory requests and a memory limit");
                    } else if (bytes(limits.get("memory")) < bytes(requests.get("memory"))) {
                        problems.add(workload + "/" + c.getName() + ": memory limit below its request");
                    }
                }));
        assertTrue(problems.isEmpty(), overlay + ":\n" + String.join("\n", problems));

        // The JVM image measured ~700 MB RSS after warm-up (ONNX embedding model): below that it gets OOM-killed.
        var app = KustomizeOverlaysTest.ragchat(Kustomize.objects(overlay)).getResources();
        assertTrue(bytes(app.getRequests().get("memory")) >= 768L << 20, "ragchat requests at least 768Mi");
        assertTrue(bytes(app.getLimits().get("memory")) >= 1L << 30, "ragchat may use at least 1Gi");
    }

    private static long bytes(Quantity q) {
        return Quantity.getAmountInBytes(q).longValue();
    }

    private static final Pattern DIGEST = Pattern.compile(".+@sha256:[0-9a-f]{64}");

    @ParameterizedTest
    @MethodSource("overlays")
    void everyImageIsPinned(String overlay) {
        List<JsonNode> objects = Kustomize.objects(overlay);
        List<String> images = new ArrayList<>();
        Manifests.podTemplates(objects).values().forEach(t -> Manifests.containers(t.getSpec()).forEach(c -> images.add(c.getImage())));
        Manifests.custom(objects, Manifests.CNPG_CLUSTER).forEach(c -> images.add(c.path("spec").path("imageName").asText()));
        assertFalse(images.isEmpty());
        for (String image : images) {
            assertTrue(isPinned(image), overlay + ": image " + image + " needs a fixed tag (not latest) or a digest");
        }
        assertTrue(KustomizeOverlaysTest.ragchat(objects).getImage().contains("/"),
                "the ragchat image is set by kustomize's images: transformer, not left as the bare name");
    }

    static boolean isPinned(String image) {
        if (DIGEST.matcher(image).matches()) {
            return true;
        }
        String lastPart = image.substring(image.lastIndexOf('/') + 1);
        int colon = lastPart.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String tag = lastPart.substring(colon + 1);
        return !tag.isBlank() && !tag.equalsIgnoreCase("latest");
    }

    // ---- availability and shutdown ---------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("overlays")
    void shutdownWaitsForTheLongestAnswerThenTheHistoryDrain(String overlay) {
        List<JsonNode> objects = Kustomize.objects(overlay);
        PodSpec pod = Manifests.get(objects, Deployment.class, "ragchat").getSpec().getTemplate().getSpec();
        Container app = Manifests.container(pod, "ragchat");
        AppSettings settings = AppSettings.of(ragchatConfig(objects));
        assertNotNull(app.getLifecycle(), "a preStop pause lets load balancers forget the pod before SIGTERM");
        var preStop = app.getLifecycle().getPreStop();
        assertNotNull(preStop);
        long pause = preStop.getSleep() != null ? preStop.getSleep().getSeconds() : 0;
        assertTrue(pause >= 5, "preStop pauses at least 5 s");
        long deadline = settings.seconds("ragchat.chat.deadline");
        long streams = settings.seconds("quarkus.shutdown.timeout");
        long drain = settings.seconds("ragchat.history.drain-timeout");
        assertTrue(streams >= deadline, "quarkus.shutdown.timeout (" + streams + " s) lets an answer in flight run to"
                + " ragchat.chat.deadline (" + deadline + " s)");
        long grace = pod.getTerminationGracePeriodSeconds();
        assertTrue(grace >= pause + streams + drain, "terminationGracePeriodSeconds (" + grace + ") covers the preStop"
                + " pause (" + pause + " s), the streams' shutdown timeout (" + streams + " s) and the history drain ("
                + drain + " s)");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void rollingUpdatesNeverDropBelowDesiredReplicasAndPodsSpread(String overlay) {
        Deployment deployment = Manifests.get(Kustomize.objects(overlay), Deployment.class, "ragchat");
        var strategy = deployment.getSpec().getStrategy();
        assertEquals("RollingUpdate", strategy.getType());
        IntOrString maxUnavailable = strategy.getRollingUpdate().getMaxUnavailable();
        assertTrue(maxUnavailable.getIntVal() != null ? maxUnavailable.getIntVal() == 0
                : maxUnavailable.getStrVal().equals("0%"), "maxUnavailable is 0");
        var spread = deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
        assertNotNull(spread, "topology spread constraints");
        assertTrue(spread.stream().anyMatch(t -> "kubernetes.io/hostname".equals(t.getTopologyKey())));
        assertTrue(spread.stream().allMatch(t -> Manifests.selects(t.getLabelSelector().getMatchLabels(),
                deployment.getSpec().getTemplate().getMetadata().getLabels())), "spread counts ragchat pods");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void aDisruptionBudgetAndNetworkPoliciesExist(String overlay) {
        List<JsonNode> objects = Kustomize.objects(overlay);
        Map<String, String> podLabels = Manifests.get(objects, Deployment.class, "ragchat")
                .getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(Manifests.all(objects, PodDisruptionBudget.class).stream()
                .anyMatch(p -> Manifests.selects(p.getSpec().getSelector().getMatchLabels(), podLabels)),
                "a PodDisruptionBudget covers ragchat");

        NetworkPolicy policy = Manifests.all(objects, NetworkPolicy.class).stream()
                .filter(p -> Manifests.selects(p.getSpec().getPodSelector().getMatchLabels(), podLabels)).findFirst()
                .orElseThrow(() -> new AssertionError("no NetworkPolicy selects ragchat"));
        assertTrue(policy.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress")),
                "ragchat's policy restricts both directions");

        // Ingress: only from the ingress controller's namespace (and Prometheus for /q/metrics), only to 8080.
        policy.getSpec().getIngress().forEach(rule -> {
            assertTrue(rule.getPorts().stream().allMatch(p -> p.getPort().getIntVal() == APP_PORT), "only port 8080");
            assertTrue(rule.getFrom().stream().allMatch(peer -> peer.getNamespaceSelector() != null
                    && peer.getIpBlock() == null), "ingress comes from selected namespaces only");
        });
        assertTrue(policy.getSpec().getIngress().stream().flatMap(r -> r.getFrom().stream())
                .anyMatch(peer -> "ingress-nginx".equals(peer.getNamespaceSelector().getMatchLabels()
                        .get("kubernetes.io/metadata.name"))), "the ingress controller may reach ragchat");

        // Egress: PostgreSQL, Redis, Ollama and DNS, nothing else.
        Set<Integer> ports = new TreeSet<>();
        for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
            assertNotNull(rule.getPorts(), "every egress rule names its ports");
            for (NetworkPolicyPort port : rule.getPorts()) {
                ports.add(port.getPort().getIntVal());
            }
        }
        assertTrue(ALLOWED_EGRESS_PORTS.containsAll(ports), "ragchat may reach only " + ALLOWED_EGRESS_PORTS + ": " + ports);
        assertTrue(ports.containsAll(ALLOWED_EGRESS_PORTS), "ragchat must reach PostgreSQL, Redis, Ollama and DNS: " + ports);
        for (Map.Entry<Integer, String> target : Map.of(5432, "postgres", 11434, "ollama").entrySet()) {
            assertTrue(policy.getSpec().getEgress().stream()
                    .filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal().equals(target.getKey())))
                    .flatMap(r -> r.getTo() == null ? Stream.<NetworkPolicyPeer>empty() : r.getTo().stream())
                    .anyMatch(peer -> peer.getPodSelector() != null && target.getValue().equals(
                            peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"))),
                    "port " + target.getKey() + " is allowed to " + target.getValue() + " pods only");
        }
    }

    // ---- streaming and scaling ------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("overlays")
    void ingressStreamsWithoutBufferingAndOutlastsTheLongestAnswer(String overlay) {
        List<JsonNode> objects = Kustomize.objects(overlay);
        long deadline = AppSettings.of(ragchatConfig(objects)).seconds("ragchat.chat.deadline");
        Ingress ingress = Manifests.get(objects, Ingress.class, "ragchat");
        Map<String, String> a = ingress.getMetadata().getAnnotations();
        assertEquals("off", a.get("nginx.ingress.kubernetes.io/proxy-buffering"), "SSE must not be buffered");
        for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
            String value = a.get("nginx.ingress.kubernetes.io/" + timeout);
            assertNotNull(value, timeout);
            assertTrue(Integer.parseInt(value) > deadline, timeout + " outlasts the longest answer (ragchat.chat.deadline)");
        }
    }

    @Test
    void prodAutoscalesOnCpuAndActiveStreams() {
        List<JsonNode> objects = Kustomize.objects("prod");
        HorizontalPodAutoscaler hpa = Manifests.get(objects, HorizontalPodAutoscaler.class, "ragchat");
        List<MetricSpec> metrics = hpa.getSpec().getMetrics();
        assertTrue(metrics.stream().anyMatch(m -> "Resource".equals(m.getType()) && "cpu".equals(m.getResource().getName())));
        assertTrue(metrics.stream().anyMatch(m -> "Pods".equals(m.getType())
                && "ragchat_streams_active".equals(m.getPods().getMetric().getName())),
                "scales on ragchat_streams_active through prometheus-adapter");
        assertTrue(hpa.getSpec().getMinReplicas() >= 2, "prod keeps at least two replicas");
        assertTrue(Manifests.get(objects, Deployment.class, "ragchat").getSpec().getReplicas() == null,
                "the HPA owns the replica count: the Deployment must not set one");
        String rules = read("deploy/k8s/prometheus-adapter/rules.yaml");
        assertTrue(rules.contains("ragchat_streams_active"), "prometheus-adapter rule for the custom metric");
    }

    @Test
    void devRunsOneReplicaWithoutAnAutoscaler() {
        List<JsonNode> objects = Kustomize.objects("dev");
        assertTrue(Manifests.all(objects, HorizontalPodAutoscaler.class).isEmpty());
        assertEquals(1, Manifests.get(objects, Deployment.class, "ragchat").getSpec().getReplicas());
    }

    // ---- monitoring -------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("overlays")
    void prometheusScrapesMetricsAndGrafanaShowsTheStages(String overlay) throws Exception {
        List<JsonNode> objects = Kustomize.objects(overlay);
        JsonNode monitor = Manifests.custom(objects, Manifests.SERVICE_MONITOR).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no ServiceMonitor"));
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertEquals("/q/metrics", endpoint.path("path").asText(), "Quarkus' Prometheus endpoint");
        Service service = Manifests.get(objects, Service.class, "ragchat");
        assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> endpoint.path("port").asText().equals(p.getName())
                && p.getPort() == APP_PORT));

        ConfigMap dashboards = Manifests.all(objects, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getLabels() != null && "1".equals(c.getMetadata().getLabels().get("grafana_dashboard")))
                .findFirst().orElseThrow(() -> new AssertionError("no Grafana dashboard ConfigMap"));
        String json = dashboards.getData().values().iterator().next();
        JsonNode dashboard = Manifests.STRICT.readTree(json);
        assertTrue(dashboard.path("panels").size() >= APP_METRICS.size());
        for (String metric : APP_METRICS) {
            assertTrue(json.contains(metric), "the dashboard shows " + metric);
        }
        assertTrue(json.contains("by (le, stage)"), "stage histograms are broken down by stage");
        assertTrue(json.contains("result=\\\"hit\\\""), "the cache hit rate is shown");
    }

    // ---- Ollama, PostgreSQL, Redis ----------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("overlays")
    void ollamaPullsPreloadsAndKeepsTheModelsRagchatUses(String overlay) {
        List<JsonNode> objects = Kustomize.objects(overlay);
        StatefulSet ollama = Manifests.get(objects, StatefulSet.class, "ollama");
        assertFalse(ollama.getSpec().getVolumeClaimTemplates().isEmpty(), "models live on a persistent volume");
        PodSpec pod = ollama.getSpec().getTemplate().getSpec();
        Container server = Manifests.container(pod, "ollama");
        assertTrue(server.getEnv().stream().anyMatch(e -> "OLLAMA_KEEP_ALIVE".equals(e.getName())), "OLLAMA_KEEP_ALIVE");
        assertNotNull(server.getReadinessProbe(), "Ollama has its own readiness");
        assertTrue(pod.getInitContainers().stream().anyMatch(c -> String.join(" ", c.getArgs()).contains("ollama pull")),
                "an init step pulls the models");

        Job preload = Manifests.get(objects, Job.class, "ollama-preload");
        Container preloader = preload.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(String.join(" ", preloader.getArgs()).contains("keep_alive"), "the preload keeps models loaded");
        String replicas = preloader.getEnv().stream().filter(e -> "OLLAMA_REPLICAS".equals(e.getName()))
                .map(EnvVar::getValue).findFirst().orElseThrow();
        assertEquals(String.valueOf(ollama.getSpec().getReplicas()), replicas, "the preload Job warms every replica");

        Map<String, String> models = Manifests.all(objects, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().startsWith("ollama-models")).findFirst().orElseThrow().getData();
        Properties config = ragchatConfig(objects);
        assertEquals(config.getProperty("quarkus.langchain4j.ollama.chat-model.model-id"), models.get("CHAT_MODEL"),
                "Ollama pulls the chat model ragchat asks for");
        assertEquals(config.getProperty("ragchat.llm.keep-alive"), models.get("KEEP_ALIVE"),
                "Ollama's default keep-alive matches ragchat's");
        String embeddings = "ollama".equals(AppSettings.of(config).value("ragchat.embedding.model"))
                ? config.getProperty("quarkus.langchain4j.ollama.embedding-model.model-id") : "";
        assertEquals(embeddings, models.getOrDefault("EMBEDDING_MODEL", ""),
                "Ollama pulls and preloads an embedding model only when ragchat embeds through Ollama");
    }

    @Test
    void prodSchedulesOllamaOnGpus() {
        PodSpec pod = Manifests.get(Kustomize.objects("prod"), StatefulSet.class, "ollama").getSpec().getTemplate().getSpec();
        assertTrue(Manifests.container(pod, "ollama").getResources().getLimits().containsKey("nvidia.com/gpu"));
        assertTrue(pod.getTolerations().stream().anyMatch(t -> "nvidia.com/gpu".equals(t.getKey())));
        assertEquals("true", pod.getNodeSelector().get("nvidia.com/gpu.present"));
    }

    @Test
    void devRunsPgvectorAndASingleRedis() {
        List<JsonNode> objects = Kustomize.objects("dev");
        PodSpec postgres = Manifests.get(objects, StatefulSet.class, "postgres").getSpec().getTemplate().getSpec();
        assertEquals("pgvector/pgvector:0.8.0-pg17", Manifests.container(postgres, "postgres").getImage());
        Deployment redis = Manifests.get(objects, Deployment.class, "redis");
        assertEquals(1, redis.getSpec().getReplicas());
        assertTrue(Manifests.all(objects, ConfigMap.class).stream().anyMatch(c -> c.getData().values().stream()
                .anyMatch(v -> v.contains("CREATE EXTENSION IF NOT EXISTS vector"))), "dev creates the vector extension");
    }

    @Test
    void prodRunsPostgresAsACloudNativePgClusterWithPgvector() {
        List<JsonNode> objects = Kustomize.objects("prod");
        JsonNode cluster = Manifests.custom(objects, Manifests.CNPG_CLUSTER).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no CloudNativePG Cluster"));
        JsonNode spec = cluster.path("spec");
        assertTrue(spec.path("instances").asInt() >= 2, "a replica for failover");
        assertTrue(isPinned(spec.path("imageName").asText()));
        assertTrue(spec.path("bootstrap").path("initdb").path("postInitApplicationSQL").toString()
                .matches("(?i).*CREATE EXTENSION.*vector.*"), "postInitApplicationSQL creates the vector extension");
        assertTrue(Manifests.find(objects, StatefulSet.class, "postgres").isEmpty(), "no hand-run PostgreSQL in prod");
        assertEquals("ExternalName", Manifests.get(objects, Service.class, "redis").getSpec().getType(),
                "prod's Redis is an external (managed or Sentinel) endpoint");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /** The application.properties that the ragchat Deployment mounts at /deployments/config. */
    static Properties ragchatConfig(List<JsonNode> objects) {
        PodSpec pod = Manifests.get(objects, Deployment.class, "ragchat").getSpec().getTemplate().getSpec();
        String volumeName = Manifests.container(pod, "ragchat").getVolumeMounts().stream()
                .filter(m -> CONFIG_DIR.equals(m.getMountPath())).findFirst().orElseThrow().getName();
        String configMapName = pod.getVolumes().stream().filter(v -> v.getName().equals(volumeName)).findFirst()
                .orElseThrow().getConfigMap().getName();
        ConfigMap configMap = Manifests.get(objects, ConfigMap.class, configMapName);
        assertEquals(Set.of("application.properties"), configMap.getData().keySet(),
                "the config volume holds exactly config/application.properties");
        return AppConfig.load(configMap.getData().get("application.properties"));
    }

    private static String read(String path) {
        try {
            return java.nio.file.Files.readString(Project.ROOT.resolve(path));
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read " + path, e);
        }
    }
}
