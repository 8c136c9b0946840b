package io.hyperlocal.sim;

/**
 * A window {@code [start, end)} (nanoseconds) in which the arrival rate is multiplied by {@code
 * multiplier}: a launch, a televised event, a retry storm.
 */
public record Burst(long start, long end, double multiplier) {

    public Burst {
        if (start < 0) {
            throw new IllegalArgumentException("start must be >= 0 ns: " + start);
        }
        if (end <= start) {
            throw new IllegalArgumentException("end must be after start: start " + start + " ns, end " + end + " ns");
        }
        if (!(multiplier >= 0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be finite and >= 0: " + multiplier);
        }
    }

    public boolean covers(long time) {
        return time >= start && time < end;
    }
}
