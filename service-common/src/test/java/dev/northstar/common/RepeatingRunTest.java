package dev.northstar.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RepeatingRunTest {

    /** Rounds of work that the test finishes by hand, one at a time, with the count each found. */
    private final List<CompletableFuture<Integer>> rounds = new ArrayList<>();
    private final RepeatingRun run = new RepeatingRun("test rounds", () -> {
        CompletableFuture<Integer> round = new CompletableFuture<>();
        rounds.add(round);
        return Uni.createFrom().completionStage(round);
    });

    private void finish(int found) {
        CompletableFuture<Integer> last = rounds.get(rounds.size() - 1);
        assertEquals(false, last.isDone(), "the latest round is the one running");
        last.complete(found);
    }

    @Test
    void aRequestRunsOneRoundWhenThereIsNothingToDo() {
        run.request();
        assertEquals(1, rounds.size());
        finish(0);
        assertEquals(1, rounds.size());
    }

    @Test
    void roundsGoOnWhileTheyFindSomething() {
        run.request();
        finish(100);
        finish(3);
        assertEquals(3, rounds.size());
        finish(0);
        assertEquals(3, rounds.size(), "a round that found nothing ends the run");
    }

    @Test
    void requestsDuringARoundAreCoalescedIntoOneMoreRound() {
        run.request();
        run.request();
        run.request();
        run.request();
        assertEquals(1, rounds.size(), "never two rounds at once");
        finish(0);
        assertEquals(2, rounds.size(), "one more round for all the requests made meanwhile");
        finish(0);
        assertEquals(2, rounds.size());
    }

    @Test
    void aRequestAfterARunEndedStartsANewOne() {
        run.request();
        finish(0);
        run.request();
        assertEquals(2, rounds.size());
    }

    @Test
    void aFailedRoundEndsTheRunAndTheNextRequestStartsAgain() {
        run.request();
        run.request();
        rounds.get(0).completeExceptionally(new IllegalStateException("the database is away"));
        assertEquals(1, rounds.size(), "no busy retry loop on a failure");
        run.request();
        assertEquals(2, rounds.size());
        finish(0);
        assertEquals(2, rounds.size());
    }

    @Test
    void noRoundStartsOnceClosed() {
        run.request();
        run.request();
        run.close();
        finish(5);
        assertEquals(1, rounds.size(), "neither what it found nor the request made meanwhile starts a round");
        run.request();
        assertEquals(1, rounds.size());
    }
}
