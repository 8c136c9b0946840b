package io.hyperlocal.sim.workload;

/**
 * A multi-turn conversation: its id (the {@code x-session-id}), the lengths and think times drawn for
 * all its turns when it started, and the tokens so far, which the next turn's prompt starts with.
 */
public final class Conversation {
    private final String id;
    private final int population;
    private final boolean narrowed;
    private final long number;
    private final int[] user;
    private final int[] output;
    private final long[] think;
    private int turn;
    private int[] history;

    Conversation(String id, int population, boolean narrowed, long number, int[] start, int[] user, int[] output,
            long[] think) {
        this.id = id;
        this.population = population;
        this.narrowed = narrowed;
        this.number = number;
        this.history = start;
        this.user = user;
        this.output = output;
        this.think = think;
    }

    /** The session id the router's session table keys on. */
    public String id() {
        return id;
    }

    int population() {
        return population;
    }

    boolean narrowed() {
        return narrowed;
    }

    long number() {
        return number;
    }

    /** The turn being sent or answered, from 0. */
    int turn() {
        return turn;
    }

    int[] history() {
        return history;
    }

    int userLength(int index) {
        return user[index];
    }

    int outputLength(int index) {
        return output[index];
    }

    long think(int index) {
        return think[index];
    }

    /** Moves to the next turn with the conversation so far; false when there is none. */
    boolean advance(int[] newHistory) {
        turn++;
        history = newHistory;
        return turn < user.length;
    }
}
