package io.hyperlocal.server.tmf.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored TMF resource: its JSON document and the columns queries use.
 *
 * @param kind the resource name, e.g. {@code productOffering}
 * @param state lifecycleStatus, state or status; empty when none
 * @param partyId the customer (subscriber id) of an order or product; empty when none
 * @param dueAt when the lifecycle job must next look at it; empty when never
 */
public record TmfRow(String kind, String id, ObjectNode document, String state, String partyId,
        Optional<Instant> dueAt) {
    public TmfRow {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(document, "document is null");
        Objects.requireNonNull(state, "state is null");
        Objects.requireNonNull(partyId, "partyId is null");
        Objects.requireNonNull(dueAt, "dueAt is null");
    }

    public TmfRow withDocument(ObjectNode newDocument) {
        return new TmfRow(kind, id, newDocument, state, partyId, dueAt);
    }

    public TmfRow withState(String newState) {
        return new TmfRow(kind, id, document, newState, partyId, dueAt);
    }

    public TmfRow withDueAt(Optional<Instant> newDueAt) {
        return new TmfRow(kind, id, document, state, partyId, newDueAt);
    }
}
