package io.hyperlocal.server.subscribers;

/** Small text helpers for messages. */
public final class Text {
    private static final int SHOWN = 40;

    private Text() {}

    /** A value as it may appear in a message: at most 40 characters, control characters shown as '?'. */
    public static String shorten(String value) {
        return shorten(value, SHOWN);
    }

    /** As {@link #shorten(String)}, with at most {@code max} characters. */
    static String shorten(String value, int max) {
        String shown = value.length() <= max ? value : value.substring(0, max) + "...";
        StringBuilder clean = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return clean.toString();
    }
}
