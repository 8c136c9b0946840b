package io.hyperlocal.engines.llama;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.LogLevel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads models through de.kherud:llama and routes llama.cpp's log to {@link System.Logger}
 * {@code io.hyperlocal.engines.llama.native}, at {@code DEBUG} (errors at {@code WARNING}), so the
 * console stays quiet by default.
 *
 * <p>llama.cpp's server code logs requests through its own console logger, which has no hook to
 * route. It is switched off unless that logger is enabled at {@code DEBUG} when a model loads; then
 * it is left on, writing to standard output.
 */
final class NativeLlama {
    static final System.Logger LOG = System.getLogger("io.hyperlocal.engines.llama.native");
    private static final String LOADER_DIRECTORY = "de.kherud.llama.tmpdir";
    private static boolean loaderPrepared;

    private NativeLlama() {}

    /** Synchronized: the loader, the log hook and llama.cpp's backend initialisation are process-wide. */
    static synchronized LlamaModel load(Path gguf, int totalSlots, LlamaCppSettings settings) {
        prepareLoader();
        ModelParameters parameters = new ModelParameters()
                .setModel(gguf.toString())
                .setParallel(totalSlots)
                // llama.cpp splits the context evenly among its slots.
                .setCtxSize(Math.multiplyExact(settings.contextPerSlot(), totalSlots))
                .setThreads(settings.threads())
                .setThreadsBatch(settings.batchThreads());
        // No Jinja: in de.kherud:llama 4.1.0 an exception raised by a Jinja chat template (one that
        // insists on alternating roles, say) escapes the JNI call and aborts the JVM. llama.cpp's
        // built-in renderings of the well-known templates never throw, and it falls back to ChatML,
        // at load time, for a template it does not recognise.
        if (!LOG.isLoggable(Level.DEBUG)) {
            parameters.disableLog();
        }
        LlamaModel model;
        try {
            model = new LlamaModel(parameters);
        } catch (RuntimeException e) {
            throw new IllegalStateException("llama.cpp could not load " + gguf + " with " + totalSlots + " slots of "
                    + settings.contextPerSlot() + " tokens: " + e.getMessage(), e);
        }
        // Loading runs llama.cpp's common_init(), which points the log hook at its console logger.
        LlamaModel.setLogger(LogFormat.TEXT, NativeLlama::log);
        return model;
    }

    private static void log(LogLevel level, String message) {
        String text = message.strip();
        // llama.cpp draws progress bars one dot per call.
        if (text.isEmpty() || text.chars().allMatch(c -> c == '.')) {
            return;
        }
        Level target = switch (level) {
            case ERROR -> Level.WARNING;
            case WARN, INFO -> Level.DEBUG;
            case DEBUG -> Level.TRACE;
        };
        LOG.log(target, text);
    }

    private static void prepareLoader() {
        if (loaderPrepared) {
            return;
        }
        // The loader extracts libjllama.so into java.io.tmpdir after deleting every file there whose name
        // starts with "llama" or "jllama": on a shared machine that deletes other programs' files and
        // races with other JVMs doing the same. A directory of our own avoids both.
        String configured = System.getProperty(LOADER_DIRECTORY);
        try {
            if (configured == null) {
                Path directory = Files.createTempDirectory("hyperlocal-jllama-");
                directory.toFile().deleteOnExit();
                System.setProperty(LOADER_DIRECTORY, directory.toString());
            } else {
                Files.createDirectories(Path.of(configured));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a directory for llama.cpp's native library: " + e, e);
        }
        loaderPrepared = true;
    }
}
