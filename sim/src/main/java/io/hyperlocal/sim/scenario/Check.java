package io.hyperlocal.sim.scenario;

import java.time.Duration;
import java.util.Objects;

/** Field checks that throw {@link ScenarioException} with the field path in front of the message. */
final class Check {
    private Check() {}

    static void notBlank(String path, String value) {
        if (value == null || value.isBlank()) {
            throw new ScenarioException(path + ": must not be empty");
        }
    }

    /** A duration as a scenario file writes it: 1h30m, 90s, 250ms. */
    static String text(Duration value) {
        if (value.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder(value.isNegative() ? "-" : "");
        Duration left = value.abs();
        long hours = left.toHours();
        long minutes = left.toMinutesPart();
        long seconds = left.toSecondsPart();
        long millis = left.toMillisPart();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (seconds > 0) {
            text.append(seconds).append('s');
        }
        if (millis > 0) {
            text.append(millis).append("ms");
        }
        return text.isEmpty() || text.toString().equals("-") ? value.toNanos() + "ns" : text.toString();
    }

    static void positive(String path, Duration value) {
        if (value == null) {
            throw new ScenarioException(path + ": is missing");
        }
        if (value.isNegative() || value.isZero()) {
            throw new ScenarioException(path + ": must be > 0: " + value);
        }
    }

    static void notNegative(String path, Duration value) {
        Objects.requireNonNull(value, path + " is null");
        if (value.isNegative()) {
            throw new ScenarioException(path + ": must be >= 0: " + value);
        }
    }

    static void positive(String path, long value) {
        if (value <= 0) {
            throw new ScenarioException(path + ": must be > 0: " + value);
        }
    }

    static void positive(String path, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new ScenarioException(path + ": must be finite and > 0: " + value);
        }
    }

    static void notNegative(String path, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new ScenarioException(path + ": must be finite and >= 0: " + value);
        }
    }

    static void share(String path, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new ScenarioException(path + ": must be in [0, 1]: " + value);
        }
    }
}
