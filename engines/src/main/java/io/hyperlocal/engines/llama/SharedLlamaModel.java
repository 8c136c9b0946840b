package io.hyperlocal.engines.llama;

import de.kherud.llama.LlamaModel;
import java.nio.file.Path;

/** One loaded model and the slots its leases reserved. Guarded by the owning {@link LlamaModelPool}. */
final class SharedLlamaModel {
    final Path path;
    final GgufMetadata metadata;
    final LlamaModel model;
    final int totalSlots;
    final int contextPerSlot;
    int reservedSlots;
    int leases;

    SharedLlamaModel(Path path, GgufMetadata metadata, LlamaModel model, int totalSlots, int contextPerSlot) {
        this.path = path;
        this.metadata = metadata;
        this.model = model;
        this.totalSlots = totalSlots;
        this.contextPerSlot = contextPerSlot;
    }
}
