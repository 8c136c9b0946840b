package io.hyperlocal.server.subscribers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where each column of the subscriber CSV is, from its header: {@code id,msisdn,country,birth_year,billing_account}
 * in any order, names compared without case and surrounding spaces. {@code birth_year} may be left
 * out; an unknown column is refused, so that a misspelt {@code birth_year} is never silently dropped.
 *
 * @param count how many fields each row must have
 * @param birthYear the index of {@code birth_year}, or -1 when the file has none
 */
record ImportColumns(int count, int id, int msisdn, int country, int birthYear, int billingAccount) {
    static final List<String> REQUIRED = List.of("id", "msisdn", "country", "billing_account");
    static final List<String> KNOWN = List.of("id", "msisdn", "country", "birth_year", "billing_account");

    /** @throws SubscriberImportException when a required column is missing, or a column is unknown or repeated */
    static ImportColumns of(List<String> header, String file) {
        Map<String, Integer> index = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip().toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(name)) {
                unknown.add("'" + Text.shorten(header.get(i)) + "'");
            } else if (index.putIfAbsent(name, i) != null) {
                throw new SubscriberImportException(file + ": the header names the column " + name + " twice (columns "
                        + (index.get(name) + 1) + " and " + (i + 1) + "); keep one.");
            }
        }
        List<String> missing = REQUIRED.stream().filter(name -> !index.containsKey(name)).toList();
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new SubscriberImportException(file + ": the header line must name the columns "
                    + String.join(",", KNOWN) + " (any order; birth_year may be left out)"
                    + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
                    + (unknown.isEmpty() ? "" : "; unknown: " + String.join(", ", unknown))
                    + ". The header read was: " + Text.shorten(String.join(",", header), 200));
        }
        return new ImportColumns(header.size(), index.get("id"), index.get("msisdn"), index.get("country"),
                index.getOrDefault("birth_year", -1), index.get("billing_account"));
    }
}
