package io.hyperlocal.server.subscribers;

import io.hyperlocal.core.HyperlocalException;
import java.util.regex.Pattern;

/**
 * The identifiers of parties: 1 to 64 of {@code A-Z a-z 0-9 . _ : -}, so that a BSS key such as
 * {@code CUST-000123} or {@code urn:op:sub:42} is kept as is, and an id is safe in a URL path and a
 * CSV cell.
 */
public final class Ids {
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private Ids() {}

    static String check(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw HyperlocalException.invalidValue(field, field + " is empty; it must be 1 to 64 of A-Z a-z 0-9 . _ : -");
        }
        if (!ID.matcher(value).matches()) {
            throw HyperlocalException.invalidValue(field, field + " '" + Text.shorten(value)
                    + "' must be 1 to 64 of A-Z a-z 0-9 . _ : - (no spaces)");
        }
        return value;
    }
}
