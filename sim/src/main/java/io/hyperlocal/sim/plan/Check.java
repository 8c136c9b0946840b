package io.hyperlocal.sim.plan;

/** Input checks whose messages name the offending field. */
final class Check {
    private Check() {}

    static double finite(String field, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(field + " must be finite, was " + v);
        return v;
    }

    static double nonNegative(String field, double v) {
        if (!(finite(field, v) >= 0)) throw new IllegalArgumentException(field + " must be >= 0, was " + v);
        return v;
    }

    static double positive(String field, double v) {
        if (!(finite(field, v) > 0)) throw new IllegalArgumentException(field + " must be > 0, was " + v);
        return v;
    }

    static double atLeast(String field, double v, double min) {
        if (!(finite(field, v) >= min)) throw new IllegalArgumentException(field + " must be >= " + min + ", was " + v);
        return v;
    }

    static double share(String field, double v) {
        if (!(finite(field, v) >= 0 && v <= 1)) throw new IllegalArgumentException(field + " must be in [0, 1], was " + v);
        return v;
    }

    static String name(String field, String v) {
        if (v == null || v.isBlank()) throw new IllegalArgumentException(field + " must not be blank");
        return v;
    }
}
