package io.thinkgate.eval;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-item results of a run, one JSON line each in {@code results.jsonl} of the output folder. A rerun into the
 * same folder reads them first and skips what is there, so an interrupted run resumes; a line cut short by a kill
 * is dropped. Items that failed (server errors) are run again.
 */
public final class ResultsFile implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, ItemResult> done = new LinkedHashMap<>();
    private final BufferedWriter out;

    public ResultsFile(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("results.jsonl");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    ItemResult r = JSON.readValue(line, ItemResult.class);
                    if (!r.failed()) {
                        done.put(key(r.arm(), r.item()), r);
                    }
                } catch (IOException e) {
                    // a line the last run was killed in the middle of
                }
            }
        }
        // The kept results are rewritten beside the file and moved over it, so that a kill never loses them.
        Path kept = dir.resolve("results.jsonl.part");
        List<String> lines = new ArrayList<>();
        for (ItemResult r : done.values()) {
            lines.add(JSON.writeValueAsString(r));
        }
        Files.write(kept, lines, StandardCharsets.UTF_8);
        Files.move(kept, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    static String key(String arm, String item) {
        return arm + "\u0000" + item;
    }

    public synchronized boolean has(String arm, String item) {
        return done.containsKey(key(arm, item));
    }

    /** How many results the earlier runs left. */
    public synchronized int resumed() {
        return done.size();
    }

    public synchronized void add(ItemResult result) throws IOException {
        if (!result.failed()) {
            done.put(key(result.arm(), result.item()), result);
        }
        write(result);
        out.flush();
    }

    private void write(ItemResult result) throws IOException {
        out.write(JSON.writeValueAsString(result));
        out.newLine();
    }

    /** Every result, failed ones included, of the arms and items asked for. */
    public synchronized List<ItemResult> results(List<Arm> arms, List<Item> items, List<ItemResult> failures) {
        List<ItemResult> all = new ArrayList<>();
        for (Arm arm : arms) {
            for (Item item : items) {
                ItemResult r = done.get(key(arm.name(), item.id()));
                if (r != null) {
                    all.add(r);
                }
            }
        }
        all.addAll(failures);
        return all;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
