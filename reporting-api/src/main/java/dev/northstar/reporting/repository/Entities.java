package dev.northstar.reporting.repository;

import io.vertx.sqlclient.DatabaseException;

/** What the entity repositories share. */
public final class Entities {

    private Entities() {
    }

    /** Whether a failure is PostgreSQL's unique violation (23505), as the client raises it or as Hibernate
     * translates it (a {@code ConstraintViolationException} with the SQL state), wrapped or not. */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof DatabaseException db && "23505".equals(db.getSqlState())
                    || c instanceof org.hibernate.JDBCException jdbc && "23505".equals(jdbc.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
