package dev.northstar.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FailuresTest {

    /** What the reactive PostgreSQL client throws: a message and a SQLSTATE. */
    private static final class Db extends DatabaseException {
        Db(String message, String sqlState) {
            super(message, 0, sqlState);
        }
    }

    /** How Hibernate Reactive and the repositories wrap the database's own error. */
    private static RuntimeException wrapped(Throwable cause) {
        return new RuntimeException("could not execute statement", cause);
    }

    @ParameterizedTest
    @ValueSource(strings = {"22001", "22003", "22P02", "22021", "23505", "23503", "23502", "23514", "54000"})
    void aSqlStateSayingTheRowIsWrongIsPermanent(String state) {
        assertTrue(Failures.isPermanent(new Db("bad row", state)));
        assertTrue(Failures.isPermanent(wrapped(new Db("bad row", state))), "behind a wrapper too");
        assertTrue(Failures.isPermanent(new CompletionException(wrapped(new Db("bad row", state)))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"08006", "08001", "40001", "40P01", "53300", "53100", "55P03", "57P01", "57014", "58030",
        "XX000", "42703", "42501", "42P01", "25006"})
    void aSqlStateOfAnOutageALockOrADeploymentIsTransient(String state) {
        assertFalse(Failures.isPermanent(new Db("the database is away", state)));
        assertFalse(Failures.isPermanent(wrapped(new Db("the database is away", state))));
    }

    @Test
    void theDatabaseAnswerDecidesEvenWhenTheWrapperLooksLikeOurOwnBug() {
        // an IllegalArgumentException alone is permanent, but here it only carries a connection failure
        assertFalse(Failures.isPermanent(new IllegalArgumentException("wrapped", new Db("gone", "08006"))));
        assertTrue(Failures.isPermanent(new IllegalStateException("wrapped", new Db("dup", "23505"))));
    }

    @Test
    void aDatabaseErrorWithoutAUsableSqlStateIsTransient() {
        assertFalse(Failures.isPermanent(new Db("no state", null)));
        assertFalse(Failures.isPermanent(new Db("short state", "2")));
    }

    @Test
    void aPoisonRecordIsPermanentHoweverItIsWrapped() {
        Failures.PoisonRecordException poison = new Failures.PoisonRecordException("not an event");
        assertTrue(Failures.isPermanent(poison));
        assertTrue(Failures.isPermanent(new CompletionException(poison)));
        assertTrue(Failures.isPermanent(new ExecutionException(new CompletionException(poison))));
    }

    @Test
    void failuresOfOurOwnCodeOnTheDataArePermanent() {
        assertTrue(Failures.isPermanent(new IllegalArgumentException("bad value")));
        assertTrue(Failures.isPermanent(new NumberFormatException("not a number")));
        assertTrue(Failures.isPermanent(new ArithmeticException("overflow")));
        assertTrue(Failures.isPermanent(new NullPointerException()));
        assertTrue(Failures.isPermanent(new ClassCastException()));
        assertTrue(Failures.isPermanent(new ArrayIndexOutOfBoundsException(3)));
        assertTrue(Failures.isPermanent(new NoSuchElementException()));
        assertTrue(Failures.isPermanent(new DateTimeException("no such date")));
        assertTrue(Failures.isPermanent(new DateTimeParseException("bad", "2026-13-01", 5)));
        assertTrue(Failures.isPermanent(new UnsupportedOperationException()));
        assertTrue(Failures.isPermanent(new StackOverflowError()));
        assertTrue(Failures.isPermanent(new CompletionException(new ArithmeticException("overflow"))));
    }

    @Test
    void failuresThatWaitForTheWorldAreTransient() {
        assertFalse(Failures.isPermanent(new IllegalStateException("pool closed")));
        assertFalse(Failures.isPermanent(new TimeoutException()));
        assertFalse(Failures.isPermanent(new org.apache.kafka.common.errors.TimeoutException("no broker")));
        assertFalse(Failures.isPermanent(new ConnectException("Connection refused")));
        assertFalse(Failures.isPermanent(new IOException("reset")));
        assertFalse(Failures.isPermanent(new RuntimeException("something")));
        assertFalse(Failures.isPermanent(new OutOfMemoryError()));
        assertFalse(Failures.isPermanent(new CompletionException(new ConnectException("refused"))));
    }

    @Test
    void unwrapRemovesTheFutureWrappersOnly() {
        IllegalStateException inner = new IllegalStateException("x");
        assertSame(inner, Failures.unwrap(new CompletionException(new ExecutionException(inner))));
        RuntimeException other = new RuntimeException(inner);
        assertSame(other, Failures.unwrap(other));
        CompletionException bare = new CompletionException("no cause", null);
        assertSame(bare, Failures.unwrap(bare));
    }

    @Test
    void aCycleOfCausesIsClassifiedInsteadOfLoopingForever() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        CompletionException c = new CompletionException("c") {
        };
        ExecutionException d = new ExecutionException("d", c);
        c.initCause(d);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertFalse(Failures.isPermanent(a));
            assertEquals("a", Failures.describe(a));
            Failures.unwrap(c);
            Failures.isPermanent(c);
        });
    }

    @Test
    void describeNamesTheSqlStateAndTheDatabaseMessage() {
        assertEquals("duplicate key (SQLSTATE 23505)", Failures.describe(new Db("duplicate key", "23505")));
        assertEquals("duplicate key (SQLSTATE 23505)",
                Failures.describe(new CompletionException(wrapped(new Db("duplicate key", "23505")))));
        assertEquals("no state", Failures.describe(new Db("no state", null)));
        assertEquals("refused", Failures.describe(new CompletionException(new ConnectException("refused"))));
        assertEquals("NullPointerException", Failures.describe(new NullPointerException()));
    }
}
