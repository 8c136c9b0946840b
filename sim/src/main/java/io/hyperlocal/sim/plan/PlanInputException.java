package io.hyperlocal.sim.plan;

/**
 * A plan file that cannot be planned: the message starts with the path of the offending field in the
 * file ({@code countries.FR.adoption: must be between 0 and 1, was 1.7}), so the user can fix it
 * without reading a stack trace.
 */
public final class PlanInputException extends RuntimeException {
    private final String path;

    public PlanInputException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem);
        this.path = path;
    }

    /** The dotted path of the field, empty for the whole file. */
    public String path() {
        return path;
    }
}
