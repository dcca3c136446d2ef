package io.thinkgate.fuzz;

import java.util.List;
import java.util.Random;

/** GBNF texts, good and bad, as a client of llama.cpp's {@code grammar} field may send them. */
final class HostileGrammars {

    private static final List<String> FIXED = List.of(
            "root ::= \"yes\" | \"no\"",
            "root ::= [a-z]{1,8}",
            "root ::= root \"a\"",
            "root ::= a\na ::= a \"x\" | \"y\"",
            "root ::= \"x\" root",
            "root ::= missing",
            "item ::= \"x\"",
            "root ::= \"a\"{1000000000}",
            "root ::= (\"a\"{1000}){1000}",
            "root ::= [z-a]",
            "root ::= \"unterminated",
            "root ::= [^\\x00-\\U0010FFFF]",
            "root ::= \"\\q\"",
            "root ::= \"\"",
            "root ::= ",
            "",
            "root ::= (((((((((((\"a\")))))))))))",
            "root ::= \"a\"\nroot ::= \"b\"",
            "root_rule ::= \"a\"",
            "root ::= \"\\uD800\"",
            "root ::= [\\U00110000]",
            "root ::= \"a\" # comment\n  | \"b\"");

    private final HostileJson json;
    private final Random random;

    HostileGrammars(HostileJson json) {
        this.json = json;
        this.random = json.random();
    }

    String grammar() {
        return switch (random.nextInt(5)) {
            case 0 -> "root ::= " + alternatives(random.nextBoolean() ? 100_000 : 50);
            case 1 -> "root ::= " + "(".repeat(random.nextInt(20_000)) + "\"a\"";
            case 2 -> "root ::= " + json.randomChars(random.nextInt(60));
            default -> FIXED.get(random.nextInt(FIXED.size()));
        };
    }

    private static String alternatives(int count) {
        StringBuilder text = new StringBuilder("\"v0\"");
        for (int i = 1; i < count; i++) {
            text.append(" | \"v").append(i).append('"');
        }
        return text.toString();
    }
}
