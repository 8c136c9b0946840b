package io.hyperlocal.server.cli;

import io.hyperlocal.sim.cli.PlanCommand;
import io.hyperlocal.sim.cli.SimCommand;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code ./hyperlocal}. Commands that do not serve ({@code models}, {@code import}, {@code help})
 * run here without starting Quarkus, so they are quick and never touch the server's port.
 */
@QuarkusMain
public final class Main {
    static final String USAGE = """
            Usage: ./hyperlocal <command> [options]

            Commands:
              up                      run the whole platform in one process: embedded PostgreSQL,
                                      the gateway and a demo federation of three sites
                  --port N            HTTP port (env HYPERLOCAL_PORT, default 8080)
                  --data-dir DIR      database and demo key (env HYPERLOCAL_DATA_DIR, default ~/.hyperlocal/data)
                  --models-dir DIR    GGUF models to serve (env HYPERLOCAL_MODELS_DIR, default ~/.hyperlocal/models)
              site                    run one site as its own process: serve its engines and send
                                      heartbeats to the control plane (an 'up' with hyperlocal.federation.token)
                  --config FILE       the site and its engines (YAML; see the README, 'Site agents')
                  --control-plane URL where 'up' runs, for example http://127.0.0.1:8080
                  --port N            HTTP port of the agent (default: the file's 'port', else 9100)
              models list             the models found in the models directory
              models catalog          the models known by name to 'models pull'
              models pull NAME|URL    download a model into the models directory (resumes, verifies sha256)
                  --models-dir DIR
              import subscribers FILE.csv
                                      load subscribers (id,msisdn,country,birth_year,billing_account)
                                      into the database; rejected rows go to FILE.rejected.csv
                  --data-dir DIR      the embedded database to use (running or not)
                  --db-url URL  --db-user U  --db-password P   an external PostgreSQL instead
              bench gateway           tokens per second through the gateway against llama.cpp called
                                      directly in the same JVM (a throw-away data directory)
                  --models-dir DIR  --rounds N (20)  --max-tokens N (256)
              bench ledger            durable usage records per second, journal to PostgreSQL
                                      (a throw-away embedded PostgreSQL)
                  --records N (200000)  --batch-size N (1000)  --threads N (8)
                  --ids ordered|random (ordered: the gateway's request ids, time first)  --subjects N (6)
              sim FILE                run a federation scenario (YAML) in simulated time and write
                                      its report (HTML with charts, CSV)
                  --policy NAME|all (all)  --hours H  --seed N  --out DIR (sim-report-<name>)
              plan FILE               size and price the GPU fleet for a plan (YAML), checked in
                                      the simulator; writes plan.html and plan.csv
                  --out DIR (.)  --no-check
              help                    this text
            """;

    private Main() {}

    public static void main(String... args) {
        int code = run(Arrays.asList(args), System.out, System.err);
        if (code >= 0) {
            System.exit(code);
        }
    }

    /** Runs one command; returns the process exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.print(USAGE);
            return 2;
        }
        try {
            return switch (args.get(0)) {
                case "up" -> UpCommand.run(args.subList(1, args.size()), out, err);
                case "site" -> SiteCommand.run(args.subList(1, args.size()), out, err);
                case "models" -> ModelsCommand.run(args.subList(1, args.size()), out, err);
                case "import" -> ImportCommand.run(args.subList(1, args.size()), out, err);
                case "bench" -> BenchCommand.run(args.subList(1, args.size()), out, err);
                case "sim" -> SimCommand.run(args.subList(1, args.size()), out, err);
                case "plan" -> PlanCommand.run(args.subList(1, args.size()), out, err);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> throw new Arguments.UsageException("unknown command '" + args.get(0) + "'");
            };
        } catch (Arguments.UsageException e) {
            err.println("hyperlocal: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return 2;
        }
    }
}
