package io.thinkgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.thinkgate.api.wire.ResponseFormat;
import io.thinkgate.config.ThinkGateConfig;
import io.thinkgate.grammar.GrammarException;
import io.thinkgate.grammar.GrammarLimits;
import io.thinkgate.grammar.Grammars;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * The grammar that constrains a reply's answer: from {@code response_format} (a JSON schema, or any JSON object) or
 * from llama.cpp's {@code grammar} field. Built and checked in Java before a slot is taken; what cannot be made safe
 * is a 400 that says where and why.
 */
@ApplicationScoped
public class AnswerGrammars {

    private static final String SCHEMA_PARAM = "response_format.json_schema.schema";
    private static final JsonNode ANY_OBJECT = JsonNodeFactory.instance.objectNode().put("type", "object");

    private final Grammars grammars;

    public AnswerGrammars(ThinkGateConfig config) {
        ThinkGateConfig.Grammar limits = config.grammar();
        this.grammars = new Grammars(new GrammarLimits(limits.maxSchemaNodes(), limits.maxSchemaDepth(),
                limits.maxEnumValues(), limits.maxProperties(), limits.maxRepetition(), limits.maxGrammarBytes(),
                limits.maxGrammarElements()));
    }

    /** A chat request's answer grammar: {@code response_format} or {@code grammar}, not both. */
    Optional<String> chat(ResponseFormat format, String grammar) {
        boolean formatted = format != null && format.type() != null && !format.type().equals("text");
        if (formatted && grammar != null) {
            throw ApiException.invalid("grammar", "Send either 'response_format' or 'grammar', not both");
        }
        return formatted ? Optional.of(responseFormat(format)) : completion(grammar);
    }

    /** A text completion's grammar, which constrains the whole completion. */
    Optional<String> completion(String grammar) {
        if (grammar == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(grammars.fromGbnf(grammar));
        } catch (GrammarException e) {
            throw ApiException.invalid("grammar", "The grammar cannot be used: " + e.getMessage());
        }
    }

    private String responseFormat(ResponseFormat format) {
        JsonNode schema = switch (format.type()) {
            case "json_object" -> ANY_OBJECT;
            case "json_schema" -> {
                if (format.jsonSchema() == null || format.jsonSchema().schema() == null
                        || !format.jsonSchema().schema().isObject()) {
                    throw ApiException.invalid(SCHEMA_PARAM, "'" + SCHEMA_PARAM + "' must be a JSON schema object");
                }
                yield format.jsonSchema().schema();
            }
            default -> throw ApiException.invalid("response_format.type",
                    "'response_format.type' must be one of text, json_object, json_schema; got "
                            + ApiException.echo(format.type()));
        };
        try {
            return grammars.fromJsonSchema(schema);
        } catch (GrammarException e) {
            throw ApiException.invalid(SCHEMA_PARAM, "The JSON schema cannot be turned into a grammar at "
                    + e.getMessage());
        }
    }
}
