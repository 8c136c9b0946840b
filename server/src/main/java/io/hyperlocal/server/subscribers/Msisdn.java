package io.hyperlocal.server.subscribers;

import io.hyperlocal.core.HyperlocalException;
import java.util.regex.Pattern;

/**
 * A subscriber's phone number in E.164 form: {@code +}, then the country calling code and the national
 * number, 15 digits at most, never starting with 0 (no country calling code does). The database
 * holds only this canonical form ({@code ^\+[1-9][0-9]{6,14}$}, the check of {@code subscriber.msisdn}),
 * so that one number is always one string and its uniqueness means something.
 *
 * <p>{@link #normalise} accepts what BSS exports and people write, {@code +33 6 12 34 56 78} and
 * {@code +49-151-2345-6789}: spaces and dashes are visual separators (ITU-T E.123) and are dropped.
 * Nothing else is guessed: a national number ({@code 06 12 ...}), the {@code 00} international prefix,
 * brackets and letters are refused, since turning them into E.164 needs to know the country's
 * dialling plan and a wrong guess would attach usage to another person's number.
 */
final class Msisdn {
    /** Seven digits is the shortest number the schema admits; E.164 allows fifteen at most. */
    static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private Msisdn() {}

    /** The canonical form of {@code value}, or an {@code invalid_value} error naming {@code field}. */
    static String normalise(String field, String value) {
        if (value == null || value.isBlank()) {
            throw HyperlocalException.invalidValue(field, field + " is empty; it must be an E.164 number such as +33612345678");
        }
        StringBuilder digits = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != ' ' && c != '-') {
                digits.append(c);
            }
        }
        String candidate = digits.toString();
        if (E164.matcher(candidate).matches()) {
            return candidate;
        }
        throw HyperlocalException.invalidValue(field, field + " '" + Text.shorten(value) + "' is not an E.164 number: "
                + why(candidate) + " (for example +33612345678; spaces and dashes are ignored)");
    }

    private static String why(String candidate) {
        if (!candidate.startsWith("+")) {
            return candidate.startsWith("00") ? "write + instead of the 00 prefix"
                    : "it must start with + and the country calling code";
        }
        String rest = candidate.substring(1);
        if (!rest.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "only digits may follow the +";
        }
        if (rest.startsWith("0")) {
            return "no country calling code starts with 0";
        }
        return rest.length() > 15 ? "it has " + rest.length() + " digits, E.164 allows 15 at most"
                : "it has " + rest.length() + " digits, at least 7 are needed";
    }
}
