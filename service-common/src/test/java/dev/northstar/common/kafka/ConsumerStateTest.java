package dev.northstar.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsumerStateTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final ConsumerState state = new ConsumerState("kpi-values", Duration.ofSeconds(120), now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void notReadyUntilItHasJoinedItsGroupButAliveMeanwhile() {
        assertFalse(state.ready());
        assertTrue(state.alive());
        state.assigned();
        assertTrue(state.ready());
    }

    @Test
    void notReadyWhileATransientFailureHoldsItBackAndReadyAgainOnProgress() {
        state.assigned();
        IllegalStateException away = new IllegalStateException("the database is away");
        state.failing(away);
        assertFalse(state.ready());
        assertTrue(state.alive(), "restarting would not bring the database back");
        assertSame(away, state.failing());
        state.progress();
        assertTrue(state.ready());
        assertNull(state.failing());
    }

    @Test
    void aFailureLastsFromItsFirstAttemptNotItsLatest() {
        assertEquals(Duration.ZERO, state.failingFor());
        state.failing(new IllegalStateException("first"));
        advance(Duration.ofSeconds(30));
        state.failing(new IllegalStateException("second"));
        advance(Duration.ofSeconds(15));
        assertEquals(Duration.ofSeconds(45), state.failingFor());
        assertEquals("second", state.failing().getMessage());
        state.progress();
        assertEquals(Duration.ZERO, state.failingFor());
        state.failing(new IllegalStateException("again"));
        advance(Duration.ofSeconds(5));
        assertEquals(Duration.ofSeconds(5), state.failingFor(), "a new failure counts from its own start");
    }

    @Test
    void noProgressWhileRecordsWaitIsAStallOnlyPastTheTimeout() {
        state.assigned();
        state.recordsWait(true);
        advance(Duration.ofSeconds(120));
        assertFalse(state.stalled(), "exactly the timeout is not yet a stall");
        assertTrue(state.alive());
        advance(Duration.ofNanos(1));
        assertTrue(state.stalled());
        assertFalse(state.alive());
        assertEquals(120, state.secondsSinceProgress());
    }

    @Test
    void progressEndsAStall() {
        state.recordsWait(true);
        advance(Duration.ofMinutes(5));
        assertFalse(state.alive());
        state.progress();
        assertTrue(state.alive());
        assertEquals(0, state.secondsSinceProgress());
        advance(Duration.ofSeconds(121));
        assertFalse(state.alive(), "and the timeout starts again from that progress");
    }

    @Test
    void anIdleConsumerIsNotStalledHoweverLongNothingComes() {
        state.recordsWait(false);
        advance(Duration.ofDays(3));
        assertFalse(state.stalled());
        assertTrue(state.alive());
        state.recordsWait(true);
        assertTrue(state.stalled(), "records arriving after a long idle time with no progress since");
    }

    @Test
    void aStoppedConsumerIsNeitherAliveNorReady() {
        state.assigned();
        RuntimeException why = new RuntimeException("authorization failed");
        state.stopped(why);
        assertFalse(state.alive());
        assertFalse(state.ready());
        assertSame(why, state.stoppedBy());
        state.progress();
        assertFalse(state.alive(), "progress does not bring a stopped consumer back");
    }
}
