package io.thinkgate.engine.synthetic;

import static io.thinkgate.engine.synthetic.SyntheticModel.EOS;
import static io.thinkgate.engine.synthetic.SyntheticModel.SPACE;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The deterministic test and demo models. Their behaviour holds at temperature 0 and 0.7 alike. The pieces below
 * are the exact token texts the model emits, in order.
 */
public final class SyntheticModels {

    /** Model id of the built-in demo model. */
    public static final String DEMO_ID = "thinkgate-demo";

    public static final String SYSTEM = "<|system|>";
    public static final String USER = "<|user|>";
    public static final String ASSISTANT = "<|assistant|>";
    public static final String THINK = "<think>";
    public static final String END_THINK = "</think>";
    public static final String STOP_WORD = "<STOP>";
    /** Thinkless's control token for answering without thinking. */
    public static final String SHORT = "<short>";

    /** The pieces the demo model emits after {@code <|assistant|>}: the open marker and a newline, then the loop. */
    public static final String[] DEMO_OPENING = {THINK, "\n"};
    /** One round of the demo's endless thinking loop (the first round starts with "Hmm", later ones " Hmm"). */
    public static final String[] DEMO_LOOP = {"Hmm", " ,", " wait", " let", " me", " re", " check"};
    /** What follows {@code </think>} in every reasoning model here ("\n\n", then the answer, then end of sequence). */
    public static final String[] ANSWER = {"The", " answer", " is", " 42."};
    public static final String ANSWER_TEXT = "The answer is 42.";
    /** earlyCloser's short thought, after "<think>\n" (first word "Let") or after "Wait" (first word " Let"). */
    public static final String[] EARLY_THOUGHT = {"Let", " me", " see", " ."};
    /** thoughtWriter's output. */
    public static final String THOUGHT_STEPS = "Step 1: add the numbers. Step 2: report their sum.";

    /**
     * Renders each message as {@code <|role|>content}; with add_generation_prompt ends with {@code <|assistant|>}.
     * Earlier assistant turns lose their {@code <think>...</think>} part, as in R1's template.
     */
    public static final String REASONING_TEMPLATE = """
            {#- ThinkGate demo template: earlier assistant turns drop their <think>...</think> reasoning, as in R1. -#}
            {%- for message in messages -%}
            {%- set content = message['content'] -%}
            {%- if message['role'] == 'assistant' -%}
            {%- set content = content.split('</think>')[-1] -%}
            {%- endif -%}
            {{- '<|' + message['role'] + '|>' + content -}}
            {%- endfor -%}
            {%- if add_generation_prompt -%}
            {{- '<|assistant|>' -}}
            {%- endif -%}""";

    /** Same shape as {@link #REASONING_TEMPLATE}, with no reasoning markers anywhere. */
    public static final String PLAIN_TEMPLATE = """
            {%- for message in messages -%}
            {{- '<|' + message['role'] + '|>' + message['content'] -}}
            {%- endfor -%}
            {%- if add_generation_prompt -%}
            {{- '<|assistant|>' -}}
            {%- endif -%}""";

    private SyntheticModels() {
    }

    private static SyntheticModel.Builder reasoningBase(String name) {
        return SyntheticModel.builder(name)
                .userDefined(SYSTEM, USER, ASSISTANT, THINK, END_THINK)
                .chatTemplate(REASONING_TEMPLATE)
                .sequence(END_THINK, "\n\n", "The", SPACE + "answer", SPACE + "is", SPACE + "42.", EOS)
                .defaultNext("The");
    }

    /**
     * THE DEMO MODEL ({@value #DEMO_ID}). After {@code <|assistant|>}: {@code <think>}, {@code \n}, then
     * {@code Hmm , wait let me re check Hmm , wait ...} forever. After {@code </think>}: {@code \n\n}, then
     * {@code The answer is 42.} and {@code </s>}. After a {@code \n\n} token: the answer directly. After a single
     * {@code \n}: thinking ({@code Hmm ...}). After {@code Wait}: thinking ({@code , wait ...}). Any other last
     * token (plain text, bytes): the answer.
     */
    public static SyntheticModel demo() {
        return overthinker(DEMO_ID).build();
    }

    private static SyntheticModel.Builder overthinker(String name) {
        return reasoningBase(name)
                .sequence(ASSISTANT, THINK, "\n", "Hmm", SPACE + ",", SPACE + "wait", SPACE + "let", SPACE + "me",
                        SPACE + "re", SPACE + "check", SPACE + "Hmm", SPACE + ",")
                .next("Wait", SPACE + ",")
                .next(SPACE + "Wait", SPACE + ",");
    }

    /**
     * The demo model with a newer R1-style template whose generation prompt already opens the span
     * ({@code <|assistant|><think>\n}): the model starts inside its reasoning, with {@code Hmm , wait ...}.
     */
    public static SyntheticModel demoOpeningSpan() {
        return overthinker("demo-opening-span")
                .chatTemplate(REASONING_TEMPLATE.replace("'<|assistant|>' -}}", "'<|assistant|><think>\\n' -}}"))
                .build();
    }

    /**
     * The demo model with a Qwen3-style template: {@code enable_thinking=false} renders the span closed after the
     * generation prompt, as {@code <think></think>\n\n} (nothing inside, unlike ThinkGate's own closed span, so
     * that a test can tell who closed it); a {@code system_note} variable, when given, becomes a system
     * turn in front of the conversation.
     */
    public static SyntheticModel thinkingSwitch() {
        return overthinker("thinking-switch").chatTemplate(THINKING_SWITCH_TEMPLATE).build();
    }

    public static final String THINKING_SWITCH_TEMPLATE = """
            {%- if system_note is defined -%}
            {{- '<|system|>' + system_note -}}
            {%- endif -%}
            {%- for message in messages -%}
            {{- '<|' + message['role'] + '|>' + message['content'] -}}
            {%- endfor -%}
            {%- if add_generation_prompt -%}
            {{- '<|assistant|>' -}}
            {%- if enable_thinking is defined and enable_thinking is false -%}
            {{- '<think></think>\n\n' -}}
            {%- endif -%}
            {%- endif -%}""";

    /**
     * Like the demo, but after {@code <think>} it writes {@code \n Let me see .} then {@code </think>} and the
     * answer. After {@code Wait} (or {@code  Wait}) it writes {@code  Let me see .} and {@code </think>} again.
     */
    public static SyntheticModel earlyCloser() {
        return reasoningBase("early-closer")
                .sequence(ASSISTANT, THINK, "\n", "Let", SPACE + "me", SPACE + "see", SPACE + ".", END_THINK)
                .next("Wait", SPACE + "Let")
                .next(SPACE + "Wait", SPACE + "Let")
                .next(SPACE + "Let", SPACE + "me")
                .build();
    }

    private static SyntheticModel.Builder plainBase(String name) {
        return SyntheticModel.builder(name)
                .userDefined(SYSTEM, USER, ASSISTANT)
                .chatTemplate(PLAIN_TEMPLATE);
    }

    private static final String[] STEPS = {"Step", SPACE + "1:", SPACE + "add", SPACE + "the", SPACE + "numbers.",
            SPACE + "Step", SPACE + "2:", SPACE + "report", SPACE + "their", SPACE + "sum."};

    /** A non-reasoning model: after {@code <|assistant|>} it writes {@value #THOUGHT_STEPS} then {@code </s>}. */
    public static SyntheticModel thoughtWriter() {
        return plainBase("thought-writer")
                .next(ASSISTANT, STEPS[0])
                .sequence(STEPS)
                .next(STEPS[STEPS.length - 1], EOS)
                .build();
    }

    /** A non-reasoning model: after {@code <|assistant|>} it writes {@code <STOP>} (user-defined) then {@code </s>}. */
    public static SyntheticModel thoughtStopper() {
        return plainBase("thought-stopper")
                .userDefined(STOP_WORD)
                .sequence(ASSISTANT, STOP_WORD, EOS)
                .build();
    }

    /**
     * A non-reasoning model that never ends: {@code Step 1: add the numbers. Step 2: report their sum.} and then
     * {@code  Step 2: report their sum.} again and again.
     */
    public static SyntheticModel thoughtRambler() {
        return plainBase("thought-rambler")
                .next(ASSISTANT, STEPS[0])
                .sequence(STEPS)
                .next(STEPS[STEPS.length - 1], STEPS[5])
                .build();
    }

    /**
     * The demo, except that after {@code \n\n} (so after {@code </think>\n\n}, and after a closed span) it writes
     * {@code rating} and ends: asked to rate a request with its thinking off, it always gives that rating.
     */
    public static SyntheticModel rater(String rating) {
        return overthinker("rater-" + rating).next("\n\n", rating).next(rating, EOS).build();
    }

    /** {@link #rater} torn between 1 and 5: a sample says 1 or 5, the probabilities say 3. */
    public static SyntheticModel tornRater() {
        return overthinker("rater-torn").either("\n\n", "1", "5").next("1", EOS).next("5", EOS).build();
    }

    /** A non-reasoning model: after {@code <|assistant|>} it writes {@code rating} then {@code </s>}. */
    public static SyntheticModel thoughtRater(String rating) {
        return plainBase("thought-rater-" + rating).sequence(ASSISTANT, rating, EOS).build();
    }

    /** An AdaptThink-like model: it opens its span after {@code <|assistant|>} and closes it at once, then answers. */
    public static SyntheticModel adaptive() {
        return reasoningBase("adaptive").sequence(ASSISTANT, THINK, END_THINK).build();
    }

    /**
     * A Thinkless-like model: after {@code <|assistant|>} it writes its no-thinking token {@code <short>}, then the
     * answer.
     */
    public static SyntheticModel thinkless() {
        return reasoningBase("thinkless").userDefined(SHORT).sequence(ASSISTANT, SHORT, "The").build();
    }

    /** Writes the demo model as {@code dir/thinkgate-demo.gguf} (not named llama*: the binding deletes those). */
    public static Path writeDemo(Path dir) throws IOException {
        return demo().writeTo(dir.resolve(DEMO_ID + ".gguf"));
    }
}
