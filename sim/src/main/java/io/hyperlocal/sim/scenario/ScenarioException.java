package io.hyperlocal.sim.scenario;

/**
 * An invalid scenario. The message starts with the path of the offending field, as in
 * {@code sites[2].engines: must be > 0: 0}.
 */
public final class ScenarioException extends IllegalArgumentException {
    public ScenarioException(String message) {
        super(message);
    }

    /** The same problem, with {@code prefix} in front of the path (a record nested at {@code prefix}). */
    public ScenarioException within(String prefix) {
        String message = getMessage();
        return new ScenarioException(prefix + (message.startsWith("[") ? "" : ".") + message);
    }
}
