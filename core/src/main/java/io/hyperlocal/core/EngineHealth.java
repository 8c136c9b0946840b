package io.hyperlocal.core;

import java.util.Objects;

/** Whether an engine can take work. Routing never sends a request to an engine that is {@link Down}. */
public sealed interface EngineHealth {

    record Ready() implements EngineHealth {}

    /** Serving, but impaired; the reason says how. */
    record Degraded(String reason) implements EngineHealth {
        public Degraded {
            Objects.requireNonNull(reason, "reason is null");
        }
    }

    record Down(String reason) implements EngineHealth {
        public Down {
            Objects.requireNonNull(reason, "reason is null");
        }
    }

    EngineHealth READY = new Ready();

    default boolean canServe() {
        return switch (this) {
            case Ready ready -> true;
            case Degraded degraded -> true;
            case Down down -> false;
        };
    }
}
