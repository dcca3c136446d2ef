package io.thinkgate.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Renders k8s/overlays/cpu ({@link GpuManifestsTest}: k8s/overlays/gpu) with {@code kubectl kustomize}, parses every object strictly into fabric8's
 * Kubernetes model, and checks the invariants that tie the manifests to the application: health paths,
 * ports, environment variable names (= real config keys), security settings, and the dashboard.
 */
class KubernetesManifestsTest {

    static final String OVERLAY = "k8s/overlays/cpu";
    static final String APP_CONTAINER = "thinkgate";
    static final String INIT_CONTAINER = "fetch-model";

    /** The Quarkus health endpoints each probe must use. */
    static final Map<String, String> PROBE_PATHS = Map.of(
            "startupProbe", "/q/health/started",
            "readinessProbe", "/q/health/ready",
            "livenessProbe", "/q/health/live");

    /** Quarkus keys that the deployment files may set (besides thinkgate.*). */
    static final Set<String> QUARKUS_ENV = Set.of(
            "QUARKUS_HTTP_HOST", "QUARKUS_HTTP_PORT", "QUARKUS_SHUTDOWN_TIMEOUT",
            "QUARKUS_LOG_LEVEL", "QUARKUS_LOG_CONSOLE_JSON", "QUARKUS_PROFILE");
    /** Read by the image itself (docker/Dockerfile, docker/entrypoint.sh), not by the application. */
    static final Set<String> IMAGE_ENV = Set.of("JAVA_OPTS", "JAVA_OPTS_APPEND", "LANG");

    /** (apiVersion, kind) -> the fabric8 class that the object must parse into. */
    static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    static Path projectDir;
    static List<HasMetadata> objects;

    @BeforeAll
    static void render() throws Exception {
        renderOverlay(OVERLAY);
    }

    /** Every invariant below then holds for that overlay; a subclass hides {@link #render()} to pick another. */
    static void renderOverlay(String overlay) throws Exception {
        projectDir = DeployFiles.projectDir();
        objects = parseStrict(kustomize(projectDir, overlay));
    }

    // ------------------------------------------------------------------ rendering and strict parsing

    static String kustomize(Path projectDir, String dir) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", dir)
                    .directory(projectDir.toFile())
                    .redirectErrorStream(false)
                    .start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is not on the PATH: it is needed to render " + dir
                    + " (kubectl kustomize). Install kubectl (it bundles kustomize).", e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread t1 = pump(p.getInputStream(), out);
        Thread t2 = pump(p.getErrorStream(), err);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("kubectl kustomize " + dir + " did not finish in 120 s");
        }
        t1.join();
        t2.join();
        assertEquals(0, p.exitValue(), () -> "kubectl kustomize " + dir + " failed:\n" + err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream out) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.start();
        return t;
    }

    static List<HasMetadata> parseStrict(String yaml) throws IOException {
        List<HasMetadata> result = new ArrayList<>();
        YAMLMapper yamlMapper = new YAMLMapper();
        try (var it = yamlMapper.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                result.add(parseStrict(doc));
            }
        }
        return result;
    }

    /** Parses one object into its fabric8 class and fails on any field that the model doesn't know. */
    static HasMetadata parseStrict(JsonNode doc) throws IOException {
        String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Class<? extends HasMetadata> cls = TYPES.get(type);
        assertNotNull(cls, () -> "unexpected object type " + type + " (" + doc.path("metadata").path("name").asText()
                + "); add it to KubernetesManifestsTest.TYPES if it is intended");
        HasMetadata obj = JSON.treeToValue(doc, cls);
        // fabric8 keeps unknown fields in additionalProperties instead of failing: look for any.
        Map<String, Set<String>> unknown = new TreeMap<>();
        findAdditionalProperties(obj, type + " " + doc.path("metadata").path("name").asText(), unknown,
                Collections.newSetFromMap(new IdentityHashMap<>()));
        assertTrue(unknown.isEmpty(), () -> "fields unknown to the Kubernetes model (typo or wrong place?): " + unknown);
        return obj;
    }

    private static void findAdditionalProperties(Object o, String path, Map<String, Set<String>> unknown, Set<Object> seen) {
        if (o == null || !seen.add(o)) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                findAdditionalProperties(e, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> findAdditionalProperties(v, path + "." + k, unknown, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object value;
                try {
                    value = f.get(o);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (f.getName().equals("additionalProperties") && value instanceof Map<?, ?> extra) {
                    if (!extra.isEmpty()) {
                        Set<String> keys = new TreeSet<>();
                        extra.keySet().forEach(k -> keys.add(String.valueOf(k)));
                        unknown.put(path, keys);
                    }
                } else {
                    findAdditionalProperties(value, path + "." + f.getName(), unknown, seen);
                }
            }
        }
    }

    @Test
    void strictParsingRejectsUnknownFields() throws Exception {
        JsonNode doc = new YAMLMapper().readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: typo}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i
                          readinesProbe: {httpGet: {path: /q/health/ready, port: 8080}}
                """);
        AssertionError e = assertThrows(AssertionError.class, () -> parseStrict(doc));
        assertTrue(e.getMessage().contains("readinesProbe"), e.getMessage());
    }

    // ------------------------------------------------------------------ lookups

    static <T extends HasMetadata> List<T> all(Class<T> cls) {
        return objects.stream().filter(cls::isInstance).map(cls::cast).toList();
    }

    static <T extends HasMetadata> T one(Class<T> cls) {
        List<T> found = all(cls);
        assertEquals(1, found.size(), () -> "expected exactly one " + cls.getSimpleName() + ", found " + found.size());
        return found.get(0);
    }

    static Deployment deployment() {
        return one(Deployment.class);
    }

    static PodSpec pod() {
        return deployment().getSpec().getTemplate().getSpec();
    }

    static Container container(List<Container> containers, String name) {
        return containers.stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container named " + name));
    }

    static Container app() {
        return container(pod().getContainers(), APP_CONTAINER);
    }

    static ConfigMap configMap(String name) {
        return all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("envFrom refers to ConfigMap " + name + ", which the overlay does not render"));
    }

    static int appPort() {
        List<ContainerPort> ports = app().getPorts();
        assertEquals(1, ports.size(), "the app container exposes one port");
        return ports.get(0).getContainerPort();
    }

    /** Resolves a probe's or Service's port (number or name) against the app container's ports. */
    static int resolve(IntOrString port) {
        assertNotNull(port, "port is missing");
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return app().getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .map(ContainerPort::getContainerPort)
                .orElseThrow(() -> new AssertionError("named port '" + port.getStrVal() + "' is not a port of the app container"));
    }

    /** Every environment variable a container gets: env plus the keys of envFrom ConfigMaps, with values. */
    static Map<String, String> env(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom()) {
            assertNotNull(from.getConfigMapRef(), "only ConfigMap envFrom is expected");
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            configMap(from.getConfigMapRef().getName()).getData().forEach((k, v) -> env.put(prefix + k, v));
        }
        for (EnvVar v : c.getEnv()) {
            env.put(v.getName(), v.getValue());
        }
        return env;
    }

    // ------------------------------------------------------------------ invariants

    @Test
    void rendersTheExpectedObjects() {
        Set<String> kinds = new TreeSet<>();
        objects.forEach(o -> kinds.add(o.getKind()));
        assertEquals(new TreeSet<>(Set.of("ConfigMap", "Deployment", "HorizontalPodAutoscaler", "PersistentVolumeClaim",
                "PodDisruptionBudget", "Service", "ServiceMonitor")), kinds);
    }

    @Test
    void probesUseTheQuarkusHealthEndpointsOnTheContainerPort() {
        Container app = app();
        Map<String, Probe> probes = Map.of(
                "startupProbe", app.getStartupProbe(),
                "readinessProbe", app.getReadinessProbe(),
                "livenessProbe", app.getLivenessProbe());
        probes.forEach((kind, probe) -> {
            assertNotNull(probe, kind + " is missing");
            assertNotNull(probe.getHttpGet(), kind + " must be an httpGet probe");
            assertEquals(PROBE_PATHS.get(kind), probe.getHttpGet().getPath(), kind + " path");
            assertEquals(appPort(), resolve(probe.getHttpGet().getPort()), kind + " port");
        });
    }

    @Test
    void serviceTargetsTheContainerPortAndSelectsThePods() {
        Service svc = one(Service.class);
        Map<String, String> podLabels = deployment().getSpec().getTemplate().getMetadata().getLabels();
        for (ServicePort port : svc.getSpec().getPorts()) {
            assertEquals(appPort(), resolve(port.getTargetPort()), "Service port " + port.getName() + " targetPort");
        }
        assertTrue(podLabels.entrySet().containsAll(svc.getSpec().getSelector().entrySet()),
                "Service selector " + svc.getSpec().getSelector() + " must match the pod labels " + podLabels);
        assertTrue(podLabels.entrySet().containsAll(deployment().getSpec().getSelector().getMatchLabels().entrySet()),
                "Deployment selector must match its pod labels");
        PodDisruptionBudget pdb = one(PodDisruptionBudget.class);
        assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()),
                "PodDisruptionBudget selector must match the pod labels");
    }

    @Test
    void serviceMonitorScrapesQuarkusMetricsOnTheServicePort() {
        ServiceMonitor sm = one(ServiceMonitor.class);
        Service svc = one(Service.class);
        assertTrue(svc.getMetadata().getLabels().entrySet().containsAll(sm.getSpec().getSelector().getMatchLabels().entrySet()),
                "ServiceMonitor selector must match the Service's labels");
        Set<String> servicePorts = new TreeSet<>();
        svc.getSpec().getPorts().forEach(p -> servicePorts.add(p.getName()));
        sm.getSpec().getEndpoints().forEach(ep -> {
            assertEquals("/q/metrics", ep.getPath());
            assertTrue(servicePorts.contains(ep.getPort()), "ServiceMonitor port " + ep.getPort() + " is not a Service port " + servicePorts);
        });
    }

    @Test
    void hpaScalesTheDeploymentOnCpu() {
        HorizontalPodAutoscaler hpa = one(HorizontalPodAutoscaler.class);
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals(deployment().getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
        assertTrue(hpa.getSpec().getMetrics().stream()
                .anyMatch(m -> m.getResource() != null && "cpu".equals(m.getResource().getName())), "HPA on CPU");
    }

    @Test
    void everyEnvironmentVariableIsARealConfigKey() throws IOException {
        DeployFiles.ConfigKeys keys = DeployFiles.configKeys(projectDir);
        System.out.println("[KubernetesManifestsTest] config keys from " + keys.sources() + ": " + keys.keys());
        assertFalse(keys.keys().isEmpty(), "no thinkgate.* config keys found: expected README.md's config table "
                + "(| `thinkgate.model.path` | ...) or src/main/resources/application.properties");
        Set<String> allowed = new TreeSet<>(keys.envNames());
        allowed.addAll(QUARKUS_ENV);

        Map<String, Set<String>> unknown = new TreeMap<>();
        List<Container> containers = new ArrayList<>(pod().getContainers());
        containers.addAll(pod().getInitContainers());
        for (Container c : containers) {
            for (String name : env(c).keySet()) {
                if (!allowed.contains(name)) {
                    unknown.computeIfAbsent("k8s container " + c.getName(), k -> new TreeSet<>()).add(name);
                }
            }
        }
        Set<String> imageAllowed = new TreeSet<>(allowed);
        imageAllowed.addAll(IMAGE_ENV);
        for (String name : dockerfileEnv(projectDir.resolve("docker/Dockerfile"))) {
            if (!imageAllowed.contains(name)) {
                unknown.computeIfAbsent("docker/Dockerfile ENV", k -> new TreeSet<>()).add(name);
            }
        }
        JsonNode compose = new YAMLMapper().readTree(projectDir.resolve("docker/compose.yaml").toFile());
        compose.path("services").path("thinkgate").path("environment").fieldNames().forEachRemaining(name -> {
            if (!imageAllowed.contains(name)) {
                unknown.computeIfAbsent("docker/compose.yaml thinkgate.environment", k -> new TreeSet<>()).add(name);
            }
        });
        assertTrue(unknown.isEmpty(), () -> "environment variables that are no config key (known: " + allowed + "): " + unknown);

        String port = env(app()).get("QUARKUS_HTTP_PORT");
        if (port != null) {
            assertEquals(String.valueOf(appPort()), port, "QUARKUS_HTTP_PORT must equal the container port");
        }
        assertEquals("0.0.0.0", env(app()).getOrDefault("QUARKUS_HTTP_HOST", "0.0.0.0"), "QUARKUS_HTTP_HOST");
    }

    static Set<String> dockerfileEnv(Path dockerfile) throws IOException {
        String text = Files.readString(dockerfile).replace("\\\n", " ");
        Set<String> names = new TreeSet<>();
        Matcher line = Pattern.compile("(?m)^ENV\\s+(.*)$").matcher(text);
        while (line.find()) {
            Matcher name = Pattern.compile("(?:^|\\s)([A-Za-z_][A-Za-z0-9_]*)=").matcher(line.group(1).replaceAll("\"[^\"]*\"", "\"\""));
            while (name.find()) {
                names.add(name.group(1));
            }
        }
        assertFalse(names.isEmpty(), "no ENV in " + dockerfile);
        return names;
    }

    @Test
    void runsAsNonRootOnAReadOnlyRootFilesystemWithWritableCache() {
        PodSpec pod = pod();
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), "runAsNonRoot");
        assertNotNull(pod.getSecurityContext().getRunAsUser(), "runAsUser");
        assertTrue(pod.getSecurityContext().getRunAsUser() > 0, "runAsUser must not be root");
        Map<String, Volume> volumes = new TreeMap<>();
        pod.getVolumes().forEach(v -> volumes.put(v.getName(), v));
        List<Container> containers = new ArrayList<>(pod.getContainers());
        containers.addAll(pod.getInitContainers());
        for (Container c : containers) {
            assertEquals(Boolean.TRUE, c.getSecurityContext().getReadOnlyRootFilesystem(), c.getName() + " readOnlyRootFilesystem");
            assertEquals(Boolean.FALSE, c.getSecurityContext().getAllowPrivilegeEscalation(), c.getName() + " allowPrivilegeEscalation");
            assertTrue(c.getSecurityContext().getCapabilities().getDrop().contains("ALL"), c.getName() + " drops all capabilities");
            assertNotNull(c.getResources().getRequests(), c.getName() + " resource requests");
            assertNotNull(c.getResources().getLimits(), c.getName() + " resource limits");
            assertTrue(c.getResources().getLimits().containsKey("memory"), c.getName() + " memory limit");
            for (VolumeMount m : c.getVolumeMounts()) {
                assertTrue(volumes.containsKey(m.getName()), c.getName() + " mounts unknown volume " + m.getName());
            }
        }
        Container app = app();
        Map<String, String> env = env(app);
        String cacheDir = env.getOrDefault("THINKGATE_MODEL_CACHE_DIR", "/var/cache/thinkgate");
        for (String dir : List.of(cacheDir, "/tmp")) {
            VolumeMount m = app.getVolumeMounts().stream().filter(vm -> vm.getMountPath().equals(dir)).findFirst()
                    .orElseThrow(() -> new AssertionError("no writable volume at " + dir));
            assertFalse(Boolean.TRUE.equals(m.getReadOnly()), dir + " must be writable");
            assertNotNull(volumes.get(m.getName()).getEmptyDir(), dir + " should be an emptyDir");
        }
        String nativeTmp = env.getOrDefault("THINKGATE_ENGINE_NATIVE_TMP_DIR", cacheDir + "/native");
        assertTrue(nativeTmp.startsWith(cacheDir + "/"), "the native tmp dir must be on the cache volume: " + nativeTmp);
        VolumeMount models = app.getVolumeMounts().stream().filter(vm -> vm.getMountPath().equals("/models")).findFirst()
                .orElseThrow(() -> new AssertionError("no /models mount"));
        assertNotNull(volumes.get(models.getName()).getPersistentVolumeClaim(), "/models is the models PVC");
        String claim = volumes.get(models.getName()).getPersistentVolumeClaim().getClaimName();
        assertTrue(all(PersistentVolumeClaim.class).stream().anyMatch(p -> p.getMetadata().getName().equals(claim)),
                "the PVC " + claim + " is rendered");
    }

    @Test
    void gracePeriodOutlastsTheShutdownTimeout() {
        long grace = pod().getTerminationGracePeriodSeconds();
        Duration shutdown = parseQuarkusDuration(env(app()).getOrDefault("QUARKUS_SHUTDOWN_TIMEOUT", "0s"));
        long preStop = 0;
        if (app().getLifecycle() != null && app().getLifecycle().getPreStop() != null
                && app().getLifecycle().getPreStop().getExec() != null) {
            List<String> cmd = app().getLifecycle().getPreStop().getExec().getCommand();
            if (cmd.size() == 2 && cmd.get(0).equals("sleep")) {
                preStop = Long.parseLong(cmd.get(1));
            }
        }
        assertTrue(shutdown.toSeconds() > 0, "QUARKUS_SHUTDOWN_TIMEOUT should be set so streams can finish");
        assertTrue(grace > shutdown.toSeconds() + preStop,
                "terminationGracePeriodSeconds " + grace + " must exceed preStop " + preStop + " s + shutdown timeout " + shutdown);
    }

    static Duration parseQuarkusDuration(String s) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(s.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }
        return Duration.parse(s);
    }

    @Test
    void initContainerIsANoOpWithoutAModelUrl() throws Exception {
        Container init = container(pod().getInitContainers(), INIT_CONTAINER);
        assertTrue(init.getImage().equals(app().getImage()) || init.getImage().startsWith("curlimages/curl:"),
                "init container image: the app's or a tiny public one, got " + init.getImage());
        assertEquals("/bin/sh", init.getCommand().get(0));
        Map<String, String> env = env(init);
        assertEquals("", env.get("THINKGATE_MODEL_URL"), "base/cpu overlay: no model URL by default");

        // Run the init container's script here: with no URL it must succeed without touching anything.
        Run noUrl = sh(init.getCommand(), Map.of("THINKGATE_MODEL_URL", ""));
        assertEquals(0, noUrl.exit, noUrl.output);
        assertTrue(noUrl.output.contains("nothing to download"), noUrl.output);
        // With a URL but no target path it must fail clearly (before any download).
        Run noPath = sh(init.getCommand(), Map.of("THINKGATE_MODEL_URL", "https://example.invalid/m.gguf", "THINKGATE_MODEL_PATH", ""));
        assertEquals(1, noPath.exit, noPath.output);
        assertTrue(noPath.output.contains("THINKGATE_MODEL_PATH"), noPath.output);
    }

    record Run(int exit, String output) {
    }

    static Run sh(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("THINKGATE_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    @Test
    void dashboardParsesAndUsesThinkgateMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(projectDir.resolve(DeployFiles.DASHBOARD).toFile());
        assertEquals("thinkgate", dashboard.path("uid").asText());
        Set<String> names = DeployFiles.dashboardMetricNames(projectDir);
        System.out.println("[KubernetesManifestsTest] dashboard metric names: " + names);
        assertTrue(names.size() >= 15, "dashboard uses " + names);
        Set<String> families = Set.of("thinkgate_requests_seconds", "thinkgate_requests_active", "thinkgate_requests_queued",
                "thinkgate_tokens_prompt", "thinkgate_tokens_completion", "thinkgate_tokens_reasoning",
                "thinkgate_time_to_first_token_seconds", "thinkgate_time_to_first_answer_token_seconds",
                "thinkgate_inter_token_latency_seconds", "thinkgate_reasoning_tokens", "thinkgate_thinking_exits",
                "thinkgate_thinking_requests", "thinkgate_continuation_latency_seconds", "thinkgate_thoughts",
                "thinkgate_thoughts_tokens", "thinkgate_thoughts_latency_seconds");
        for (String name : names) {
            String family = name.replaceAll("_(bucket|count|sum|max|total)$", "");
            assertTrue(families.contains(family), "dashboard metric " + name + " is not one the app publishes");
        }
        // Every panel query has a datasource that the provisioning defines.
        JsonNode ds = new YAMLMapper().readTree(projectDir.resolve("docker/grafana/provisioning/datasources/prometheus.yaml").toFile());
        String uid = ds.path("datasources").get(0).path("uid").asText();
        dashboard.path("panels").forEach(panel -> {
            if (!panel.path("type").asText().equals("row")) {
                assertEquals(uid, panel.path("datasource").path("uid").asText(), "datasource of panel " + panel.path("title"));
                assertFalse(panel.path("targets").isEmpty(), "panel " + panel.path("title") + " has no query");
            }
        });
        JsonNode prom = new YAMLMapper().readTree(projectDir.resolve("docker/prometheus/prometheus.yml").toFile());
        assertEquals("/q/metrics", prom.path("scrape_configs").get(0).path("metrics_path").asText());
    }
}
