package io.hyperlocal.engines.simulated;

import io.hyperlocal.core.FinishReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The words a simulated generation writes, one token each: a sentence that says the text is
 * simulated, then filler sentences drawn from a fixed vocabulary by a seeded generator, so a seed
 * always gives the same text. The text has a natural length, also drawn from the seed, after which
 * the "model" stops.
 */
final class SimulatedText {
    static final String NOTICE = "[simulated] This text comes from Hyperlocal's simulated engine, not from a model.";
    private static final List<String> NOTICE_WORDS = List.of(NOTICE.split(" "));
    private static final List<String> VOCABULARY = List.of("the", "network", "signal", "tower", "river", "city",
            "quiet", "morning", "carries", "every", "request", "across", "a", "bright", "valley", "of", "servers",
            "and", "light", "waits", "near", "station", "with", "patient", "engineers", "who", "measure", "latency",
            "under", "green", "lamps", "while", "rain", "falls", "on", "fibre");
    static final int MIN_LENGTH = NOTICE_WORDS.size() + 8;
    static final int MAX_LENGTH = NOTICE_WORDS.size() + 64;

    private final SplittableRandom random;
    private final int length;
    private int produced;
    private int sentenceLeft;

    SimulatedText(long seed) {
        this(seed, 0);
    }

    /**
     * The text for {@code seed} from word {@code skip} on: what follows {@code skip} words already
     * written elsewhere, the same words the uninterrupted text would have had. The natural length
     * grows when needed so that at least one word follows.
     */
    SimulatedText(long seed, int skip) {
        if (skip < 0) {
            throw new IllegalArgumentException("skip must not be negative: " + skip);
        }
        this.random = new SplittableRandom(seed);
        int drawn = random.nextInt(MIN_LENGTH, MAX_LENGTH + 1);
        this.length = Math.max(drawn, skip + 1);
        for (int i = 0; i < skip; i++) {
            next();
        }
    }

    /**
     * The words a generation writes for {@code seed} after {@code prefix} (text already written, whose
     * words it skips), at most {@code budget} of them, and why it ends after the last one: {@code STOP}
     * at the natural end, {@code LENGTH} when the budget cut it first.
     */
    static Continuation continuation(long seed, String prefix, int budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be at least 1: " + budget);
        }
        SimulatedText text = new SimulatedText(seed, SimulatedPrompts.words(prefix));
        int natural = text.remaining();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < Math.min(natural, budget); i++) {
            words.add(text.next());
        }
        if (!prefix.isEmpty() && Character.isWhitespace(prefix.charAt(prefix.length() - 1))) {
            // The prefix already ends with the space the next word would bring.
            words.set(0, words.get(0).stripLeading());
        }
        return new Continuation(words, natural > budget ? FinishReason.LENGTH : FinishReason.STOP);
    }

    /** Words to write, each a token, and the finish reason after the last one. */
    record Continuation(List<String> words, FinishReason lastWordReason) {
        Continuation {
            words = List.copyOf(words);
            Objects.requireNonNull(lastWordReason, "lastWordReason is null");
        }
    }

    /** Words left before the natural end. */
    int remaining() {
        return length - produced;
    }

    boolean hasNext() {
        return produced < length;
    }

    /** The next token: a word, with a leading space except the very first. */
    String next() {
        if (!hasNext()) {
            throw new IllegalStateException("the simulated text has ended after " + length + " words");
        }
        String word;
        if (produced < NOTICE_WORDS.size()) {
            word = NOTICE_WORDS.get(produced);
        } else {
            word = filler();
        }
        produced++;
        return produced == 1 ? word : " " + word;
    }

    private String filler() {
        boolean first = sentenceLeft == 0;
        if (first) {
            sentenceLeft = random.nextInt(5, 13);
        }
        String word = VOCABULARY.get(random.nextInt(VOCABULARY.size()));
        sentenceLeft--;
        // The text ends on a full stop, so a sentence cut by the natural length still closes.
        boolean last = sentenceLeft == 0 || produced + 1 == length;
        if (last) {
            sentenceLeft = 0;
        }
        String capitalised = first ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word;
        return last ? capitalised + "." : capitalised;
    }
}
