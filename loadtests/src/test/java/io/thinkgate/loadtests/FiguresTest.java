package io.thinkgate.loadtests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FiguresTest {

    private static final List<ServerSample> SAMPLES = List.of(
            new ServerSample(0, 0, 0, 2, 16, 100, 90, Double.NaN, 200L << 20),
            new ServerSample(1, 2, 3, 2, 16, 400, 300, 1, 210L << 20),
            new ServerSample(2, 1, 0, 2, 16, 700, 500, 4, 205L << 20));

    @Test
    void theCsvHasAHeaderAndOneRowPerSample() {
        List<String> lines = Figures.csv(SAMPLES).lines().toList();
        assertEquals(4, lines.size());
        assertEquals("seconds,active,queued,slots,queue_capacity,completion_tokens,reasoning_tokens,cancelled,"
                + "resident_bytes", lines.get(0));
        assertEquals("1.000,2,3,2,16,400,300,1,220200960", lines.get(2));
        assertEquals("0.000,0,0,2,16,100,90,n/a,209715200", lines.get(1));
    }

    @Test
    void theSummaryGivesRatesMaximaAndMemory() {
        String summary = Figures.summary(SAMPLES);
        assertTrue(summary.contains("tokens/s (mean)           300.0, reasoning 205.0"), summary);
        assertTrue(summary.contains("slots in use (max)        2 of 2"), summary);
        assertTrue(summary.contains("queue depth (max)         3 of 16"), summary);
        assertTrue(summary.contains("after the load            1 slots in use, 0 queued"), summary);
        assertTrue(summary.contains("first 200, max 210, last 205"), summary);
        assertTrue(Figures.summary(SAMPLES.subList(0, 1)).startsWith("fewer than 2"));
    }

    @Test
    void thePageIsWellFormedWithOneLinePerQuantity(@TempDir Path dir) throws Exception {
        Figures.write(dir, "Steady <run>", SAMPLES);
        String html = Files.readString(dir.resolve(Figures.HTML));
        assertTrue(html.contains("Steady &lt;run&gt;"));
        assertTrue(Files.readString(dir.resolve(Figures.CSV)).startsWith("seconds,"));
        String xml = html.substring(html.indexOf("<html>")).replace("&mdash;", "-");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, doc.getElementsByTagName("svg").getLength());
        assertEquals(7, doc.getElementsByTagName("polyline").getLength(), "2 rates, 4 slot lines, 1 memory");
    }

    @Test
    void aServerThatExportsNothingStillGetsAPage() {
        List<ServerSample> blind = List.of(new ServerSample(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, -1), new ServerSample(1, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1));
        String html = Figures.html("blind", blind);
        assertTrue(html.contains("slots in use (max)        n/a of n/a"), html);
        assertTrue(!html.contains("resident memory (MiB)     first"), "no memory line without a process");
    }
}
