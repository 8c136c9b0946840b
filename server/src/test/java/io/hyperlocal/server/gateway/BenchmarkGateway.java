package io.hyperlocal.server.gateway;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The gateway's per-request and per-token CPU work on the hot path, without the network.
 *
 * <ul>
 *   <li>{@code parseChat}: a {@code POST /v1/chat/completions} body as the gateway receives it (bytes
 *       of the Vert.x body buffer) read into a JSON tree by {@link Json#read} (what
 *       {@code CompletionsHandler.body} does) and validated into a {@link CompletionCall} by
 *       {@link ChatRequestParser#parse}. A realistic request: a system message and three turns (user,
 *       assistant, user; about 700 bytes of text), {@code stream}, {@code stream_options},
 *       {@code temperature}, {@code top_p}, {@code max_tokens}, {@code seed}, {@code stop} and
 *       {@code user}.
 *   <li>{@code parseChatLarge}: the same request whose last user message carries an 8 KB document
 *       (about 8.7 KB of body, with quotes, newlines and accented letters to escape).
 *   <li>{@code sseChunk}: one streamed token, encoded as the gateway writes it
 *       ({@link CompletionJson#chunk}, called by {@code CompletionWriter} for every new piece of
 *       text): the chunk's JSON ({@code id}, {@code object}, {@code created}, {@code model},
 *       {@code service_tier}, {@code system_fingerprint}, {@code choices[0].delta.content},
 *       {@code finish_reason: null}, {@code usage: null}) framed as {@code data: ...\n\n} in a new
 *       buffer. The token cycles through eight short pieces of text, one with a quote and one
 *       non-ASCII.
 * </ul>
 *
 * <p>Run (from the repository root; JDK 21+):
 *
 * <pre>
 * ./mvnw -q -B -o -pl server -am test-compile
 * ./mvnw -q -B -o -pl server dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/benchmark.classpath
 * java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
 *     -cp server/target/test-classes:server/target/classes:core/target/classes:routing/target/classes:engines/target/classes:$(cat server/target/benchmark.classpath) \
 *     io.hyperlocal.server.gateway.BenchmarkGateway
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// On the 2-core build machine C2 needs about 6 s to settle these methods: 1-second warm-ups measured
// the interpreter and C1 (a run with -wi 3 -w 1 gave 2 to 4 times these figures, with errors larger than them).
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BenchmarkGateway {
    private static final String[] TOKENS = {" the", " gateway", ",", " streams", " \"tokens\"", " café", ".", "\n"};

    private byte[] chat;
    private byte[] chatLarge;
    private CompletionJson.Header header;
    private int token;

    @Setup
    public void setUp() {
        chat = request("Could you summarise it in three bullet points, please?").getBytes(StandardCharsets.UTF_8);
        StringBuilder document = new StringBuilder("Summarise this report:\n");
        while (document.length() < 8192) {
            document.append("The régional site in Lyon served \"peak\" traffic at 94 % of its capacity; ")
                    .append("latency stayed under 200 ms for nine requests in ten.\n");
        }
        chatLarge = request(document.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                .getBytes(StandardCharsets.UTF_8);
        header = new CompletionJson.Header(CompletionCall.Kind.CHAT, "chatcmpl-3f9a1c2e7b5d4e60a8c1d2e3f4a5b6c7",
                1_795_000_000L, "llama-3.1-8b-instruct");
    }

    /** A chat request whose last user message is {@code last} (already escaped for JSON). */
    private static String request(String last) {
        return """
                {"model":"llama-3.1-8b-instruct",\
                "messages":[\
                {"role":"system","content":"You are a helpful assistant for a telecom operator's customers. \
                Answer briefly, in the customer's language, and never invent tariffs or dates."},\
                {"role":"user","content":"My mobile data stopped working after I travelled from France to \
                Germany yesterday. Roaming is switched on. What should I check first?"},\
                {"role":"assistant","content":"Check that the APN is set to the operator's default, restart \
                the phone, and select a German network by hand in the network settings. If it still fails, \
                your plan may not include roaming data in Germany."},\
                {"role":"user","content":"%s"}],\
                "stream":true,"stream_options":{"include_usage":true},"temperature":0.7,"top_p":0.95,\
                "max_tokens":512,"seed":42,"stop":["\\n\\nUser:"],"user":"subscriber-18273"}""".formatted(last);
    }

    // Benchmarks return Object: JMH's generated harness (package jmh_generated) cannot name the
    // gateway's package-private types.
    @Benchmark
    public Object parseChat() throws IOException {
        return ChatRequestParser.parse(Json.read(Buffer.buffer(chat)));
    }

    @Benchmark
    public Object parseChatLarge() throws IOException {
        return ChatRequestParser.parse(Json.read(Buffer.buffer(chatLarge)));
    }

    @Benchmark
    public Object sseChunk() {
        String text = TOKENS[token++ & (TOKENS.length - 1)];
        return CompletionJson.chunk(header, false, text, null, true);
    }

    /** Checks the workload once (the requests parse, the chunk has its frame), then runs JMH. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
        BenchmarkGateway check = new BenchmarkGateway();
        check.setUp();
        CompletionCall small = (CompletionCall) check.parseChat();
        CompletionCall large = (CompletionCall) check.parseChatLarge();
        String chunk = ((Buffer) check.sseChunk()).toString(StandardCharsets.UTF_8);
        if (!small.stream() || !large.stream() || !chunk.startsWith("data: {") || !chunk.endsWith("}\n\n")) {
            throw new IllegalStateException("unexpected workload: " + small + " / " + chunk);
        }
        System.out.printf("request bodies: %d and %d bytes; one chunk: %d bytes: %s",
                check.chat.length, check.chatLarge.length, chunk.getBytes(StandardCharsets.UTF_8).length, chunk);
        new Runner(new OptionsBuilder().parent(new CommandLineOptions(args))
                .include(BenchmarkGateway.class.getSimpleName()).build()).run();
    }
}
