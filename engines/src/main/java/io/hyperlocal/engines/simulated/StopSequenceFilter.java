package io.hyperlocal.engines.simulated;

import java.util.List;

/**
 * Keeps stop sequences out of streamed text, as llama.cpp does: text that could be the start of a stop
 * sequence is held back until it is known not to be; on a full match, the text before it is released
 * and the stream stops. Text still held when the stream ends otherwise is dropped, like llama.cpp's.
 * So the concatenated output never contains a stop sequence.
 */
final class StopSequenceFilter {
    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();

    /** Text safe to send, and whether a stop sequence ended the stream. */
    record Step(String text, boolean stopped) {}

    StopSequenceFilter(List<String> stops) {
        this.stops = List.copyOf(stops);
    }

    Step offer(String piece) {
        held.append(piece);
        int match = earliestMatch();
        if (match >= 0) {
            String text = held.substring(0, match);
            held.setLength(0);
            return new Step(text, true);
        }
        int keep = longestSuffixStartingAStop();
        String text = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return new Step(text, false);
    }

    private int earliestMatch() {
        int earliest = -1;
        for (String stop : stops) {
            int index = held.indexOf(stop);
            if (index >= 0 && (earliest < 0 || index < earliest)) {
                earliest = index;
            }
        }
        return earliest;
    }

    /** Length of the longest suffix of the held text that is a proper prefix of a stop sequence. */
    private int longestSuffixStartingAStop() {
        int longest = 0;
        for (String stop : stops) {
            for (int length = Math.min(stop.length() - 1, held.length()); length > longest; length--) {
                if (held.substring(held.length() - length).equals(stop.substring(0, length))) {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }
}
