package io.hyperlocal.engines.simulated;

import java.util.List;
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
        this.random = new SplittableRandom(seed);
        this.length = random.nextInt(MIN_LENGTH, MAX_LENGTH + 1);
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
