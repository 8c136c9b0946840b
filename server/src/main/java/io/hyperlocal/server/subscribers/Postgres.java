package io.hyperlocal.server.subscribers;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.sql.SQLException;

/** What the stores share about PostgreSQL's answers. */
final class Postgres {
    /** SQLSTATE of a unique constraint violation. */
    static final String UNIQUE_VIOLATION = "23505";

    private Postgres() {}

    static HyperlocalException failure(String what, SQLException e) {
        return new HyperlocalException(ErrorCode.INTERNAL, "Could not " + what + ": the database answered "
                + e.getSQLState() + " " + e.getMessage() + ". Check that PostgreSQL is running (GET /q/health/ready).",
                "", e);
    }
}
