package io.ragchat.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Reads rendered manifests and binds each object to the Kubernetes schema, strictly.
 *
 * <p>fabric8's model classes collect unknown fields in an {@code @JsonAnySetter} map, so
 * FAIL_ON_UNKNOWN_PROPERTIES alone would let a misspelt field ({@code readinessProbes}) through. The mapper
 * below ignores every any-setter, so an unknown field anywhere in the tree fails the parse, naming its path.
 * Custom resources (ServiceMonitor, CloudNativePG Cluster) have no model here: they are checked as generic
 * trees with their required fields, known top-level fields, and the standard types inside them bound strictly.
 */
final class Manifests {

    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return null; // never collect unknown fields: reject them
                }
            })
            .build();

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Typed schema per apiVersion and kind; everything a ragchat overlay renders, except custom resources. */
    static final Map<String, Class<? extends HasMetadata>> TYPED = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class));

    static final String SERVICE_MONITOR = "monitoring.coreos.com/v1/ServiceMonitor";
    static final String CNPG_CLUSTER = "postgresql.cnpg.io/v1/Cluster";

    private Manifests() {
    }

    static List<JsonNode> readAll(String yaml) {
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            List<JsonNode> docs = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new IllegalStateException("rendered manifests are not valid YAML", e);
        }
    }

    static String typeKey(JsonNode object) {
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    }

    static String describe(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    /** Binds an object to its schema; an AssertionError names the object and the offending field. */
    static Object parseStrictly(JsonNode object) {
        String key = typeKey(object);
        Class<? extends HasMetadata> type = TYPED.get(key);
        if (type != null) {
            return bind(object, type, describe(object));
        }
        switch (key) {
            case SERVICE_MONITOR -> checkServiceMonitor(object);
            case CNPG_CLUSTER -> checkCnpgCluster(object);
            default -> fail(describe(object) + " (" + key + ") has no schema in Manifests: add a typed class or"
                    + " a custom-resource check before shipping it");
        }
        return object;
    }

    static <T> T bind(JsonNode node, Class<T> type, String what) {
        try {
            return STRICT.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new AssertionError(what + " does not match the Kubernetes schema of " + type.getSimpleName()
                    + ": " + e.getOriginalMessage() + " at " + e.getLocation() + " path " + pathOf(e), e);
        }
    }

    private static String pathOf(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
            return m.getPathReference();
        }
        return "?";
    }

    // ---- custom resources: generic checks ---------------------------------------------------------------

    private static final Set<String> SERVICE_MONITOR_SPEC = Set.of("endpoints", "selector", "namespaceSelector",
            "jobLabel", "targetLabels", "podTargetLabels", "sampleLimit", "targetLimit", "labelLimit",
            "labelNameLengthLimit", "labelValueLengthLimit", "keepDroppedTargets", "attachMetadata",
            "scrapeProtocols", "scrapeClass", "bodySizeLimit", "fallbackScrapeProtocol", "selectorMechanism",
            "scrapeClassicHistograms", "nativeHistogramBucketLimit", "nativeHistogramMinBucketFactor",
            "convertClassicHistogramsToNHCB", "serviceDiscoveryRole");
    private static final Set<String> SERVICE_MONITOR_ENDPOINT = Set.of("port", "targetPort", "path", "scheme",
            "params", "interval", "scrapeTimeout", "tlsConfig", "bearerTokenFile", "bearerTokenSecret",
            "authorization", "honorLabels", "honorTimestamps", "trackTimestampsStaleness", "basicAuth", "oauth2",
            "metricRelabelings", "relabelings", "proxyUrl", "noProxy", "proxyFromEnvironment",
            "proxyConnectHeader", "followRedirects", "enableHttp2", "filterRunning");

    private static void checkServiceMonitor(JsonNode sm) {
        String what = describe(sm);
        checkTopLevel(sm, what);
        JsonNode spec = required(sm, what, "spec");
        onlyKnownFields(spec, SERVICE_MONITOR_SPEC, what + " spec");
        bind(required(spec, what, "selector"), LabelSelector.class, what + " spec.selector");
        JsonNode endpoints = required(spec, what, "endpoints");
        assertTrue(endpoints.isArray() && !endpoints.isEmpty(), what + ": spec.endpoints must list at least one");
        for (JsonNode endpoint : endpoints) {
            onlyKnownFields(endpoint, SERVICE_MONITOR_ENDPOINT, what + " endpoint");
            assertTrue(endpoint.hasNonNull("port") || endpoint.hasNonNull("targetPort"),
                    what + ": every endpoint needs port or targetPort");
        }
    }

    private static final Set<String> CNPG_SPEC = Set.of("instances", "imageName", "imageCatalogRef",
            "imagePullPolicy", "imagePullSecrets", "inheritedMetadata", "bootstrap", "postgresql", "resources",
            "storage", "walStorage", "tablespaces", "affinity", "topologySpreadConstraints", "monitoring",
            "backup", "description", "primaryUpdateStrategy", "primaryUpdateMethod", "enableSuperuserAccess",
            "superuserSecret", "minSyncReplicas", "maxSyncReplicas", "managed", "replica", "replicationSlots",
            "externalClusters", "startDelay", "stopDelay", "smartShutdownTimeout", "switchoverDelay",
            "failoverDelay", "livenessProbeTimeout", "env", "envFrom", "priorityClassName", "schedulerName",
            "serviceAccountTemplate", "certificates", "logLevel", "nodeMaintenanceWindow", "projectedVolumeTemplate",
            "ephemeralVolumeSource", "ephemeralVolumesSizeLimit", "seccompProfile", "enablePDB", "plugins",
            "probes", "podSecurityContext", "securityContext", "postgresUID", "postgresGID");

    private static void checkCnpgCluster(JsonNode cluster) {
        String what = describe(cluster);
        checkTopLevel(cluster, what);
        JsonNode spec = required(cluster, what, "spec");
        onlyKnownFields(spec, CNPG_SPEC, what + " spec");
        assertTrue(required(spec, what, "instances").canConvertToInt() && spec.get("instances").asInt() >= 1,
                what + ": spec.instances must be a positive integer");
        assertTrue(required(spec, what, "imageName").isTextual(), what + ": spec.imageName must be an image");
        assertTrue(required(required(spec, what, "storage"), what, "size").isTextual(),
                what + ": spec.storage.size is required");
        JsonNode initdb = required(required(spec, what, "bootstrap"), what, "initdb");
        required(initdb, what, "database");
        required(initdb, what, "owner");
        if (spec.has("resources")) {
            bind(spec.get("resources"), ResourceRequirements.class, what + " spec.resources");
        }
    }

    private static void checkTopLevel(JsonNode object, String what) {
        onlyKnownFields(object, Set.of("apiVersion", "kind", "metadata", "spec"), what);
        bind(required(object, what, "metadata"), ObjectMeta.class, what + " metadata");
    }

    private static JsonNode required(JsonNode node, String what, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            fail(what + ": required field `" + field + "` is missing");
        }
        return value;
    }

    private static void onlyKnownFields(JsonNode node, Set<String> known, String what) {
        Set<String> unknown = new LinkedHashSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        assertTrue(unknown.isEmpty(), what + " has unknown fields " + unknown);
    }

    // ---- navigation --------------------------------------------------------------------------------------

    static <T extends HasMetadata> List<T> all(List<JsonNode> objects, Class<T> type) {
        return objects.stream()
                .filter(o -> TYPED.get(typeKey(o)) == type)
                .map(o -> bind(o, type, describe(o)))
                .toList();
    }

    static <T extends HasMetadata> Optional<T> find(List<JsonNode> objects, Class<T> type, String name) {
        return all(objects, type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    static <T extends HasMetadata> T get(List<JsonNode> objects, Class<T> type, String name) {
        return find(objects, type, name)
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }

    static List<JsonNode> custom(List<JsonNode> objects, String typeKey) {
        return objects.stream().filter(o -> typeKey.equals(typeKey(o))).toList();
    }

    /** Every pod template in the build, by the workload it belongs to ("Deployment/ragchat" and so on). */
    static Map<String, PodTemplateSpec> podTemplates(List<JsonNode> objects) {
        Map<String, PodTemplateSpec> templates = new java.util.LinkedHashMap<>();
        all(objects, Deployment.class).forEach(d -> templates.put("Deployment/" + d.getMetadata().getName(),
                d.getSpec().getTemplate()));
        all(objects, StatefulSet.class).forEach(s -> templates.put("StatefulSet/" + s.getMetadata().getName(),
                s.getSpec().getTemplate()));
        all(objects, Job.class).forEach(j -> templates.put("Job/" + j.getMetadata().getName(),
                j.getSpec().getTemplate()));
        return templates;
    }

    static Stream<Container> containers(PodSpec pod) {
        return Stream.concat(
                pod.getInitContainers() == null ? Stream.empty() : pod.getInitContainers().stream(),
                pod.getContainers().stream());
    }

    static Container container(PodSpec pod, String name) {
        return containers(pod).filter(c -> name.equals(c.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container named " + name));
    }

    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels != null
                && labels.entrySet().containsAll(selector.entrySet());
    }
}
