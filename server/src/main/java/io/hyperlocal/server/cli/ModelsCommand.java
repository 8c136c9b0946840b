package io.hyperlocal.server.cli;

import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.models.CatalogEntry;
import io.hyperlocal.server.models.LocalModel;
import io.hyperlocal.server.models.ModelCatalog;
import io.hyperlocal.server.models.ModelDirectory;
import io.hyperlocal.server.models.ModelDownloader;
import io.hyperlocal.server.models.ProgressBar;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code ./hyperlocal models list|catalog|pull}: the models directory, without starting the server. */
final class ModelsCommand {
    private ModelsCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Arguments arguments = Arguments.parse(args, Set.of("models-dir"));
        List<String> words = arguments.positional();
        if (words.isEmpty()) {
            throw new Arguments.UsageException("'models' needs a subcommand: list, catalog or pull");
        }
        Path modelsDir = new Settings(arguments, System.getenv())
                .path("models-dir", ModelDirectory.PROPERTY, Settings.home().resolve("models"));
        ModelCatalog catalog = ModelCatalog.builtIn();
        if (words.size() > 1 && !words.get(0).equals("pull")) {
            // An extra word is a slip (a model name after 'list'): say so rather than act as if it were not there.
            throw new Arguments.UsageException("'models " + words.get(0) + "' takes no argument: '" + words.get(1) + "'");
        }
        return switch (words.get(0)) {
            case "list" -> list(new ModelDirectory(modelsDir, catalog), out, err);
            case "catalog" -> catalog(catalog, out);
            case "pull" -> {
                if (words.size() != 2) {
                    throw new Arguments.UsageException("'models pull' takes one model name or URL; known names: "
                            + String.join(", ", catalog.names()));
                }
                yield pull(words.get(1), modelsDir, out, err);
            }
            default -> throw new Arguments.UsageException("unknown 'models' subcommand '" + words.get(0) + "'");
        };
    }

    private static int list(ModelDirectory directory, PrintStream out, PrintStream err) {
        List<LocalModel> models;
        try {
            models = directory.scan();
        } catch (HyperlocalException e) {
            // A directory that cannot be read is the operator's to fix: its reason, not a stack trace.
            err.println("hyperlocal: " + e.getMessage());
            return 1;
        }
        if (models.isEmpty()) {
            out.println("No models in " + directory.path() + ". Get one with ./hyperlocal models pull <name> "
                    + "(./hyperlocal models catalog lists the names); until then 'up' runs simulated engines.");
            return 0;
        }
        out.println("Models in " + directory.path() + ":");
        for (LocalModel model : models) {
            out.printf(Locale.ROOT, "  %-40s %10s  %s%n", model.id(), megabytes(model.sizeBytes()),
                    model.path().getFileName());
        }
        return 0;
    }

    private static int catalog(ModelCatalog catalog, PrintStream out) {
        out.println("Models known by name to ./hyperlocal models pull:");
        for (CatalogEntry entry : catalog.entries()) {
            out.printf(Locale.ROOT, "  %-28s %s (%s%s)%n", entry.name(), entry.description(), entry.license(),
                    entry.publishedSha256().isPresent() ? ", sha256 published" : ", sha256 from the server");
        }
        out.println("Any http(s) URL of a .gguf file works too (prefer https: only catalog models have a checksum to verify).");
        return 0;
    }

    private static int pull(String nameOrUrl, Path modelsDir, PrintStream out, PrintStream err) {
        try (ModelDownloader downloader = new ModelDownloader()) {
            Path file = downloader.pull(nameOrUrl, modelsDir, new ProgressBar(out));
            out.println("Ready: " + file + ". It is served by the next ./hyperlocal up.");
            return 0;
        } catch (HyperlocalException e) {
            err.println("hyperlocal: " + e.getMessage());
            return 1;
        }
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
