package io.ragchat.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Each overlay builds with kustomize, and every object it renders is valid Kubernetes: strictly typed where a
 * schema exists, generic checks for custom resources, and every reference between objects resolves.
 */
class KustomizeOverlaysTest {

    /** Secrets that exist in the cluster without being in the build: operator-made, or created by hand. */
    private static final Map<String, Set<String>> EXTERNAL_SECRETS = Map.of(
            // API key hashes: made by the operator (./ragchat api-key), optional for the pod
            "dev", Set.of("ragchat-api-keys"),
            "prod", Set.of("ragchat-pg-app", "ragchat-tls", "ragchat-api-keys"));   // CloudNativePG; cert-manager or by hand

    private static final Map<String, String> NAMESPACE = Map.of("dev", "ragchat-dev", "prod", "ragchat");

    static Stream<String> overlays() {
        return Kustomize.OVERLAYS.stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void overlayBuildsToWellFormedObjects(String overlay) {
        List<JsonNode> objects = Kustomize.objects(overlay);
        assertFalse(objects.isEmpty(), overlay + " rendered nothing");
        Set<String> seen = new HashSet<>();
        for (JsonNode o : objects) {
            assertTrue(o.path("apiVersion").isTextual() && o.path("kind").isTextual()
                    && o.path("metadata").path("name").isTextual(), overlay + ": object without apiVersion, kind or"
                            + " name: " + o);
            String id = Manifests.typeKey(o) + "/" + o.path("metadata").path("namespace").asText() + "/"
                    + o.path("metadata").path("name").asText();
            assertTrue(seen.add(id), overlay + " renders " + id + " twice");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectParsesStrictlyAgainstTheKubernetesSchema(String overlay) {
        List<String> failures = new ArrayList<>();
        for (JsonNode o : Kustomize.objects(overlay)) {
            try {
                Manifests.parseStrictly(o);
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), overlay + ":\n" + String.join("\n", failures));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everythingLivesInTheOverlaysRestrictedNamespace(String overlay) {
        List<JsonNode> objects = Kustomize.objects(overlay);
        String namespace = NAMESPACE.get(overlay);
        Namespace ns = Manifests.get(objects, Namespace.class, namespace);
        assertEquals("restricted", ns.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"),
                namespace + " must enforce the restricted Pod Security Standard");
        for (JsonNode o : objects) {
            if (!"Namespace".equals(o.path("kind").asText())) {
                assertEquals(namespace, o.path("metadata").path("namespace").asText(),
                        overlay + ": " + Manifests.describe(o) + " is outside " + namespace);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void configMapsAndSecretsThatPodsUseExist(String overlay) {
        List<JsonNode> objects = Kustomize.objects(overlay);
        Set<String> configMaps = names(Manifests.all(objects, ConfigMap.class).stream().map(c -> c.getMetadata().getName()));
        Set<String> secrets = new HashSet<>(EXTERNAL_SECRETS.get(overlay));
        Manifests.all(objects, Secret.class).forEach(s -> secrets.add(s.getMetadata().getName()));

        List<String> missing = new ArrayList<>();
        Manifests.podTemplates(objects).forEach((workload, template) -> {
            for (Volume v : nullSafe(template.getSpec().getVolumes())) {
                if (v.getConfigMap() != null && !Boolean.TRUE.equals(v.getConfigMap().getOptional())
                        && !configMaps.contains(v.getConfigMap().getName())) {
                    missing.add(workload + " volume " + v.getName() + " → ConfigMap " + v.getConfigMap().getName());
                }
                if (v.getSecret() != null && !Boolean.TRUE.equals(v.getSecret().getOptional())
                        && !secrets.contains(v.getSecret().getSecretName())) {
                    missing.add(workload + " volume " + v.getName() + " → Secret " + v.getSecret().getSecretName());
                }
            }
            Manifests.containers(template.getSpec()).forEach(c -> {
                for (EnvVar e : nullSafe(c.getEnv())) {
                    var from = e.getValueFrom();
                    if (from == null) {
                        continue;
                    }
                    if (from.getSecretKeyRef() != null && !Boolean.TRUE.equals(from.getSecretKeyRef().getOptional())
                            && !secrets.contains(from.getSecretKeyRef().getName())) {
                        missing.add(workload + "/" + c.getName() + " env " + e.getName() + " → Secret "
                                + from.getSecretKeyRef().getName());
                    }
                    if (from.getConfigMapKeyRef() != null
                            && !Boolean.TRUE.equals(from.getConfigMapKeyRef().getOptional())
                            && !configMaps.contains(from.getConfigMapKeyRef().getName())) {
                        missing.add(workload + "/" + c.getName() + " env " + e.getName() + " → ConfigMap "
                                + from.getConfigMapKeyRef().getName());
                    }
                }
                for (EnvFromSource e : nullSafe(c.getEnvFrom())) {
                    if (e.getConfigMapRef() != null && !configMaps.contains(e.getConfigMapRef().getName())) {
                        missing.add(workload + "/" + c.getName() + " envFrom → ConfigMap " + e.getConfigMapRef().getName());
                    }
                    if (e.getSecretRef() != null && !secrets.contains(e.getSecretRef().getName())) {
                        missing.add(workload + "/" + c.getName() + " envFrom → Secret " + e.getSecretRef().getName());
                    }
                }
            });
        });
        for (Ingress ingress : Manifests.all(objects, Ingress.class)) {
            nullSafe(ingress.getSpec().getTls()).forEach(tls -> {
                if (!secrets.contains(tls.getSecretName())) {
                    missing.add("Ingress/" + ingress.getMetadata().getName() + " tls → Secret " + tls.getSecretName());
                }
            });
        }
        assertTrue(missing.isEmpty(), overlay + " references objects it does not create:\n" + String.join("\n", missing));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void servicesIngressesAutoscalersAndBudgetsPointAtSomething(String overlay) {
        List<JsonNode> objects = Kustomize.objects(overlay);
        Map<String, PodTemplateSpec> templates = Manifests.podTemplates(objects);
        List<Service> services = Manifests.all(objects, Service.class);

        for (Service service : services) {
            if ("ExternalName".equals(service.getSpec().getType())) {
                assertTrue(service.getSpec().getExternalName() != null, "ExternalName without a name");
                continue;
            }
            Map<String, String> selector = service.getSpec().getSelector();
            List<PodTemplateSpec> backends = templates.values().stream()
                    .filter(t -> Manifests.selects(selector, t.getMetadata().getLabels())).toList();
            assertFalse(backends.isEmpty(), overlay + ": Service " + service.getMetadata().getName()
                    + " selects no pod template (" + selector + ")");
            for (ServicePort port : service.getSpec().getPorts()) {
                if (port.getTargetPort() != null && port.getTargetPort().getStrVal() != null) {
                    String named = port.getTargetPort().getStrVal();
                    assertTrue(backends.stream().allMatch(t -> Manifests.containers(t.getSpec())
                            .flatMap(c -> nullSafe(c.getPorts()).stream()).anyMatch(p -> named.equals(p.getName()))),
                            overlay + ": Service " + service.getMetadata().getName() + " targets port '" + named
                                    + "' that its pods do not name");
                }
            }
        }
        for (Ingress ingress : Manifests.all(objects, Ingress.class)) {
            ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
                IngressBackend backend = path.getBackend();
                Service service = services.stream()
                        .filter(s -> s.getMetadata().getName().equals(backend.getService().getName())).findFirst()
                        .orElseThrow(() -> new AssertionError(overlay + ": Ingress backend "
                                + backend.getService().getName() + " is not a Service here"));
                var port = backend.getService().getPort();
                assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> Objects.equals(p.getName(), port.getName())
                        || Objects.equals(p.getPort(), port.getNumber())),
                        overlay + ": Ingress names a port Service " + service.getMetadata().getName() + " lacks");
            }));
        }
        for (HorizontalPodAutoscaler hpa : Manifests.all(objects, HorizontalPodAutoscaler.class)) {
            var target = hpa.getSpec().getScaleTargetRef();
            assertEquals("Deployment", target.getKind());
            Manifests.get(objects, Deployment.class, target.getName());
            assertTrue(hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas(), "HPA min > max");
        }
        for (PodDisruptionBudget pdb : Manifests.all(objects, PodDisruptionBudget.class)) {
            Map<String, String> selector = pdb.getSpec().getSelector().getMatchLabels();
            assertTrue(templates.values().stream().anyMatch(t -> Manifests.selects(selector, t.getMetadata().getLabels())),
                    overlay + ": PodDisruptionBudget " + pdb.getMetadata().getName() + " protects no pods");
        }
        for (StatefulSet sts : Manifests.all(objects, StatefulSet.class)) {
            assertTrue(services.stream().anyMatch(s -> s.getMetadata().getName().equals(sts.getSpec().getServiceName())),
                    overlay + ": StatefulSet " + sts.getMetadata().getName() + " governs with a missing Service");
        }
        for (JsonNode sm : Manifests.custom(objects, Manifests.SERVICE_MONITOR)) {
            Map<String, String> selector = Manifests.STRICT.convertValue(
                    sm.path("spec").path("selector").path("matchLabels"),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {
                    });
            List<Service> scraped = services.stream()
                    .filter(s -> Manifests.selects(selector, s.getMetadata().getLabels())).toList();
            assertFalse(scraped.isEmpty(), overlay + ": ServiceMonitor selects no Service");
            for (JsonNode endpoint : sm.path("spec").path("endpoints")) {
                String port = endpoint.path("port").asText();
                assertTrue(scraped.stream().allMatch(s -> s.getSpec().getPorts().stream()
                        .anyMatch(p -> port.equals(p.getName()))), "ServiceMonitor port " + port + " is not named");
            }
        }
    }

    /** The strict parser really rejects what the API server would: otherwise the tests above prove nothing. */
    @Test
    void strictParserRejectsUnknownFieldsAndAcceptsValidOnes() {
        String valid = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: img:1.0
                          readinessProbe: {httpGet: {path: /q/health/ready, port: 8080}}
                          lifecycle: {preStop: {sleep: {seconds: 5}}}
                          resources: {limits: {memory: 1Gi, nvidia.com/gpu: 1}}
                """;
        Manifests.parseStrictly(Manifests.readAll(valid).get(0));

        String misspeltField = valid.replace("readinessProbe:", "readinessProbes:");
        AssertionError nested = assertThrows(AssertionError.class,
                () -> Manifests.parseStrictly(Manifests.readAll(misspeltField).get(0)));
        assertTrue(nested.getMessage().contains("readinessProbes"), nested.getMessage());

        String topLevelTypo = valid.replace("spec:\n  selector", "spec:\n  replica: 2\n  selector");
        assertThrows(AssertionError.class, () -> Manifests.parseStrictly(Manifests.readAll(topLevelTypo).get(0)));

        String unknownKind = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n";
        assertThrows(AssertionError.class, () -> Manifests.parseStrictly(Manifests.readAll(unknownKind).get(0)));

        String monitorTypo = """
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: m}
                spec:
                  selector: {matchLabels: {a: b}}
                  endpoints: [{port: http, pathh: /q/metrics}]
                """;
        assertThrows(AssertionError.class, () -> Manifests.parseStrictly(Manifests.readAll(monitorTypo).get(0)));
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Set<String> names(Stream<String> names) {
        return new HashSet<>(names.toList());
    }

    static Container ragchat(List<JsonNode> objects) {
        return Manifests.container(Manifests.get(objects, Deployment.class, "ragchat").getSpec().getTemplate().getSpec(),
                "ragchat");
    }
}
