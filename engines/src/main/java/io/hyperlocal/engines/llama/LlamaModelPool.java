package io.hyperlocal.engines.llama;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Loads each GGUF file once and shares it between the engines (one per site) that serve it.
 *
 * <p>llama.cpp fixes its slot count and context when it loads a model, and splits the context evenly
 * among the slots. So the composition root first adds up the slots of every engine that will use a
 * model, then opens one lease per engine with that total: the first {@link #open} loads the model with
 * {@code totalSlots} slots of {@code contextPerSlot} tokens each; later ones share it and reserve their
 * own {@code slots} of the total. Closing the last lease of a model closes it in llama.cpp (which, in
 * de.kherud:llama 4.1.0, stops its task loop but keeps the memory until the process ends).
 *
 * <p>Thread-safe; loading holds the pool's lock, which is fine at start-up.
 */
public final class LlamaModelPool {
    private final Map<Path, SharedLlamaModel> models = new HashMap<>();
    private int loads;

    /**
     * Opens a lease on {@code gguf} for one engine with {@code settings}.
     *
     * @param totalSlots slots of every engine that will share this model, {@code settings.slots()} included
     * @throws GgufFormatException when the file is not GGUF
     * @throws IllegalStateException when the model is already loaded with another context per slot or
     *     without room for {@code settings.slots()} more slots, or when llama.cpp cannot load it
     */
    public synchronized LlamaModelLease open(Path gguf, int totalSlots, LlamaCppSettings settings) {
        Objects.requireNonNull(gguf, "gguf is null");
        Objects.requireNonNull(settings, "settings is null");
        if (totalSlots < settings.slots()) {
            throw new IllegalArgumentException("totalSlots must be at least the engine's slots (" + settings.slots()
                    + "): " + totalSlots);
        }
        Path path = gguf.toAbsolutePath().normalize();
        SharedLlamaModel shared = models.get(path);
        if (shared == null) {
            GgufMetadata metadata = GgufMetadata.read(path);
            shared = new SharedLlamaModel(path, metadata, NativeLlama.load(path, totalSlots, settings),
                    totalSlots, settings.contextPerSlot());
            models.put(path, shared);
            loads++;
        } else {
            requireRoom(shared, settings);
        }
        shared.reservedSlots += settings.slots();
        shared.leases++;
        return new LlamaModelLease(this, shared, settings);
    }

    /** Opens a model for a single engine: {@code totalSlots} is {@code settings.slots()}. */
    public LlamaModelLease open(Path gguf, LlamaCppSettings settings) {
        return open(gguf, settings.slots(), settings);
    }

    /** Models loaded by this pool so far, counting a reload after the last lease closed. */
    public synchronized int loads() {
        return loads;
    }

    synchronized void release(SharedLlamaModel shared, int slots) {
        shared.reservedSlots -= slots;
        shared.leases--;
        if (shared.leases == 0) {
            models.remove(shared.path);
            shared.model.close();
        }
    }

    private static void requireRoom(SharedLlamaModel shared, LlamaCppSettings settings) {
        String file = shared.path.getFileName().toString();
        if (shared.contextPerSlot != settings.contextPerSlot()) {
            throw new IllegalStateException(file + " is already loaded with " + shared.contextPerSlot
                    + " tokens of context per slot, and an engine asks for " + settings.contextPerSlot()
                    + ". Engines sharing a model must use the same context per slot.");
        }
        if (shared.reservedSlots + settings.slots() > shared.totalSlots) {
            throw new IllegalStateException(file + " was loaded with " + shared.totalSlots + " slots, "
                    + shared.reservedSlots + " of them reserved by " + shared.leases + " engines, and an engine asks for "
                    + settings.slots() + " more. Pass the slots of every engine as totalSlots when opening the model.");
        }
    }
}
