package io.hyperlocal.server.subscribers;

import java.util.List;
import java.util.Objects;

/**
 * One page of a listing.
 *
 * @param items the page, in the listing's order
 * @param total how many there are in all, for {@code X-Total-Count}
 */
public record Page<T>(List<T> items, long total) {
    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items is null"));
        if (total < items.size()) {
            throw new IllegalArgumentException("total " + total + " is less than the page's " + items.size() + " items");
        }
    }
}
