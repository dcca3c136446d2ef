package io.thinkgate.engine;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Downloads a model file once into the cache directory. A partial download is kept as {@code NAME.part} and resumed
 * with a Range request; progress is logged every few seconds; an expected SHA-256 is checked before the file is
 * moved into place.
 */
public final class ModelDownloader {

    private static final Logger LOG = Logger.getLogger(ModelDownloader.class);
    private static final long PROGRESS_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30)).build();

    /** Returns the cached file for {@code url}, downloading it first if it is not there yet. */
    public Path fetch(URI url, Path cacheDir, Optional<String> sha256) throws IOException, InterruptedException {
        Path target = cacheDir.resolve(fileName(url));
        if (Files.isRegularFile(target)) {
            LOG.infof("Using cached model %s", target);
            return target;
        }
        Files.createDirectories(cacheDir);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        long already = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
        if (already > 0) {
            request.header("Range", "bytes=" + already + "-");
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        boolean resumed = response.statusCode() == 206;
        if (response.statusCode() != 200 && !resumed) {
            response.body().close();
            throw new IOException("downloading " + url + " failed with HTTP " + response.statusCode());
        }
        long start = resumed ? already : 0;
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        long total = length >= 0 ? start + length : -1;
        LOG.infof("Downloading model %s to %s%s", url, target, resumed ? " (resuming at " + mib(start) + ")" : "");
        try (InputStream in = response.body();
                OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE,
                        resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            copyWithProgress(in, out, start, total);
        }
        sha256.ifPresent(expected -> verify(part, expected));
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        LOG.infof("Model downloaded: %s (%s)", target, mib(Files.size(target)));
        return target;
    }

    private static void copyWithProgress(InputStream in, OutputStream out, long done, long total) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long lastLog = System.nanoTime();
        int read;
        while ((read = in.read(buffer)) >= 0) {
            out.write(buffer, 0, read);
            done += read;
            if (System.nanoTime() - lastLog > PROGRESS_INTERVAL_NANOS) {
                lastLog = System.nanoTime();
                LOG.infof("Downloading model: %s of %s%s", mib(done), total > 0 ? mib(total) : "?",
                        total > 0 ? String.format(Locale.ROOT, " (%.0f%%)", 100.0 * done / total) : "");
            }
        }
    }

    private static void verify(Path file, String expected) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            String actual = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
            if (!actual.equalsIgnoreCase(expected.strip())) {
                Files.delete(file);
                throw new IllegalStateException("SHA-256 mismatch for the downloaded model: expected " + expected
                        + ", got " + actual + "; the partial file was deleted");
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot verify the downloaded model: " + e.getMessage(), e);
        }
    }

    static String fileName(URI url) {
        String path = url.getPath();
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        return name.isBlank() ? "model.gguf" : name;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
