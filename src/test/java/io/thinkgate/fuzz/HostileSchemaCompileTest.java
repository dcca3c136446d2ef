package io.thinkgate.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.thinkgate.grammar.Grammar;
import io.thinkgate.grammar.GrammarException;
import io.thinkgate.grammar.GrammarLimits;
import io.thinkgate.grammar.GrammarMatcher;
import io.thinkgate.grammar.Grammars;
import io.thinkgate.grammar.ShortestString;
import io.thinkgate.grammar.gbnf.GbnfParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of hostile schemas, and every one that once killed the server, through the Java compiler: each is either
 * refused with a located reason or becomes a grammar that passed the safety check and whose shortest string the
 * schema validates (by an independent validator, formats asserted where the grammar enforces them).
 */
class HostileSchemaCompileTest {

    private static final int SCHEMAS = 3_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Grammars GRAMMARS = new Grammars(GrammarLimits.DEFAULT);
    private static final SchemaRegistry VALIDATORS = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12);

    @Test
    void everyHostileSchemaIsRefusedOrYieldsValidOutput() throws Exception {
        HostileSchemas hostile = new HostileSchemas(new HostileJson(new Random(15)));
        List<JsonNode> schemas = new ArrayList<>();
        for (String known : HostileSchemas.KNOWN_FATAL) {
            schemas.add(JSON.readTree(known));
        }
        while (schemas.size() < SCHEMAS) {
            asTheServerReadsIt(hostile.schema(4)).ifPresent(schemas::add);
        }
        int compiled = 0;
        for (JsonNode schema : schemas) {
            if (compiles(schema)) {
                compiled++;
            }
        }
        assertTrue(compiled > SCHEMAS / 20, "only " + compiled + " schemas compiled: the corpus is all refusals");
        assertTrue(compiled < schemas.size(), "nothing was refused");
    }

    @Test
    void theSchemasThatKilledTheServerAreRefusedOrSafe() throws Exception {
        List<String> compiled = new ArrayList<>();
        for (String known : HostileSchemas.KNOWN_FATAL) {
            if (compiles(JSON.readTree(known))) {
                compiled.add(known);
            }
        }
        assertEquals(List.of("{\"type\":\"string\",\"pattern\":\"^(?:ab)+$\"}", "{\"additionalProperties\":true}",
                "{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"}],\"items\":false}"),
                compiled, "only these are schemas a grammar can express");
    }

    /** Whether the schema compiled; fails the test when it did and the grammar's output is not valid. */
    private static boolean compiles(JsonNode schema) {
        String text;
        long started = System.nanoTime();
        try {
            text = GRAMMARS.fromJsonSchema(schema);
        } catch (GrammarException e) {
            assertTrue(e.location().startsWith("#") || e.location().startsWith("rule ")
                    || e.location().equals("grammar"), e.getMessage());
            return false;
        } catch (RuntimeException e) {
            throw new AssertionError("not a GrammarException for " + schema, e);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 2_000, millis + " ms for " + schema);
        Grammar grammar = GbnfParser.parse(text);
        Optional<String> witness = ShortestString.of(grammar);
        if (witness.isEmpty()) {
            fail("a checked grammar matches nothing: " + schema + "\n" + text);
        }
        assertTrue(GrammarMatcher.matches(grammar, witness.get()), witness.get());
        Schema validator;
        try {
            validator = VALIDATORS.getSchema(schema);
        } catch (RuntimeException e) {
            return true;
        }
        var errors = validator.validate(witness.get(), InputFormat.JSON,
                ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(enforcedFormatsOnly(schema))));
        assertTrue(errors.isEmpty(), "the grammar of " + schema + " writes " + witness.get() + ": " + errors);
        return true;
    }

    /**
     * The schema as the server's JSON parser reads it (a number past a double's range becomes infinity), or empty
     * when Jackson's read limits would refuse the request.
     */
    private static Optional<JsonNode> asTheServerReadsIt(JsonNode schema) {
        try {
            return Optional.of(JSON.readTree(JSON.writeValueAsString(schema)));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** Formats the grammar does not enforce are annotations; assert formats only when none of those appear. */
    private static boolean enforcedFormatsOnly(JsonNode schema) {
        List<JsonNode> formats = schema.findValues("format");
        return formats.stream().allMatch(f -> f.isTextual()
                && List.of("date", "time", "date-time", "uuid").contains(f.textValue()));
    }
}
