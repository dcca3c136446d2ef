package io.thinkgate.loadtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Reads the server's meters and memory at a fixed interval on its own thread, beside Gatling's load. */
final class ServerSampler implements AutoCloseable {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpRequest metricsRequest;
    private final Optional<ServerProcess> process;
    private final List<ServerSample> samples = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "server-sampler");
        t.setDaemon(true);
        return t;
    });
    private long startNanos;

    ServerSampler(LoadSettings settings) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.resolve("/q/metrics"))
                .timeout(Duration.ofSeconds(5));
        settings.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
        this.metricsRequest = request.build();
        URI url = settings.url();
        this.process = "127.0.0.1".equals(url.getHost()) || "localhost".equals(url.getHost())
                ? ServerProcess.listeningOn(url.getPort() < 0 ? 80 : url.getPort()) : Optional.empty();
    }

    void start(Duration every) {
        startNanos = System.nanoTime();
        timer.scheduleAtFixedRate(this::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes one more reading now, so that the last one shows the server after the load. */
    ServerSample sampleNow() {
        sample();
        return samples.get(samples.size() - 1);
    }

    /** Samples until no request holds a slot or waits (or the server doesn't say), at most for {@code within}. */
    void awaitIdle(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        ServerSample s = sampleNow();
        while ((s.active() > 0 || s.queued() > 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            s = sampleNow();
        }
    }

    private synchronized void sample() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        PrometheusText metrics;
        try {
            metrics = PrometheusText.parse(client.send(metricsRequest, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            metrics = PrometheusText.parse("");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        samples.add(ServerSample.of(seconds, metrics, process.map(ServerProcess::residentBytes).orElse(-1L)));
    }

    List<ServerSample> samples() {
        return new ArrayList<>(samples);
    }

    int failures() {
        return failures.get();
    }

    Optional<ServerProcess> process() {
        return process;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
