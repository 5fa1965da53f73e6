package dev.northstar.common.kafka;

import io.vertx.sqlclient.DatabaseException;
import java.time.DateTimeException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Tells a failure that retrying cannot fix (this data can never be stored) from one that waits for the world to
 * change (the database or the broker is away, a lock, a timeout). Only the first kind isolates a record into the
 * quarantine; everything not clearly about the data is retried, so that an outage never costs a record.
 */
public final class Failures {

    /**
     * SQLSTATE classes that say "this row is wrong", whatever the moment: 22 data exception (a value out of range,
     * text that is not a number, a NUL byte), 23 integrity constraint violation, 54 program limit exceeded (a row
     * too large for an index). Connection (08), transaction rollback (40), resources (53), lock (55), operator
     * intervention (57), system (58) and internal (XX) errors are transient; so is 42 (an undefined column or a
     * missing privilege is a deployment to fix, and quarantining every record meanwhile would lose them all).
     */
    private static final Set<String> PERMANENT_SQL_CLASSES = Set.of("22", "23", "54");

    private Failures() {
    }

    /** Whether retrying the same records can never succeed. */
    public static boolean isPermanent(Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof PoisonRecordException) {
            return true;
        }
        DatabaseException db = database(e);
        if (db != null) {
            String state = db.getSqlState();
            return state != null && state.length() >= 2 && PERMANENT_SQL_CLASSES.contains(state.substring(0, 2));
        }
        // failures of our own code on this data: the same data fails the same way again
        return e instanceof IllegalArgumentException || e instanceof ArithmeticException
                || e instanceof NullPointerException || e instanceof ClassCastException
                || e instanceof IndexOutOfBoundsException || e instanceof NoSuchElementException
                || e instanceof DateTimeException || e instanceof UnsupportedOperationException
                || e instanceof ArrayStoreException || e instanceof NegativeArraySizeException
                || e instanceof StackOverflowError;
    }

    /** The database's own error behind a failure (Hibernate wraps it), or null when the database did not answer one. */
    private static DatabaseException database(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        // a chain of causes may loop (a cause set after the fact): each failure is looked at once
        for (Throwable c = failure; c != null && seen.add(c); c = c.getCause()) {
            if (c instanceof DatabaseException db) {
                return db;
            }
        }
        return null;
    }

    /** The failure itself, without the wrappers that futures and Mutiny put around it. */
    public static Throwable unwrap(Throwable failure) {
        Throwable e = failure;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null
                && seen.add(e)) {
            e = e.getCause();
        }
        return e;
    }

    /** A one-line description of a failure for a log, a header or a metric: its SQLSTATE when it has one. */
    public static String describe(Throwable failure) {
        Throwable e = unwrap(failure);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        DatabaseException db = database(e);
        if (db != null && db.getSqlState() != null) {
            return (db == e ? message : db.getMessage()) + " (SQLSTATE " + db.getSqlState() + ")";
        }
        return message;
    }

    /**
     * Thrown by a store that keeps its own progress when that progress is behind what the consumer has read: the
     * database lost commits it had acknowledged (a crash with asynchronous commit, a restore from a backup). Neither
     * permanent nor retried as it is: the consumer reads the partitions again from the progress the store holds.
     */
    public static final class RewindException extends RuntimeException {
        private final transient Map<Integer, Long> stored;

        public RewindException(String topic, Map<Integer, Long> stored) {
            super("the stored progress of " + topic + " " + stored + " is behind what was read: reading again from it",
                    null, false, false);
            this.stored = Map.copyOf(stored);
        }

        /** The stored next offset of each partition that is behind. */
        public Map<Integer, Long> stored() {
            return stored;
        }
    }

    /** Whether a failure asks the consumer to read again from the store's progress. */
    public static boolean isRewind(Throwable failure) {
        return unwrap(failure) instanceof RewindException;
    }

    /** Thrown by a consumer for a record it can tell at once will never be stored (e.g. it is not a valid event). */
    public static final class PoisonRecordException extends RuntimeException {
        public PoisonRecordException(String message) {
            super(message, null, false, false);
        }
    }
}
