package dev.northstar.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import dev.northstar.events.EventType;

/**
 * What kpi-calculator's account cache saves at each size, on the end-to-end benchmark's own stream
 * ({@link EndToEndBenchmark#stream}, same seed, duplicates and late events): the stream is cut into the calculator's
 * batches (up to 5,000 records), each batch's accounts are looked up in least-recently-used caches bounded by facts
 * as {@code AccountCache} is (an account weighs its facts plus one), and an account not held costs reading and
 * folding its whole history — unless it has none yet. Prints, per budget, the hit rate over accounts that have a
 * history and the facts read again per 1,000 events.
 *
 * <p>The driver sends one tenant after another, so that few accounts are active at once; a CRM integration of many
 * tenants interleaves them. {@code tenants at once} interleaves that many of the driver's streams (each its own
 * tenants), batch by batch.
 *
 * <p>Usage: {@code AccountCacheSimulation [events=3000000] [budgets=25000,50000,100000,150000,250000]
 * [tenants at once=1]}
 */
public final class AccountCacheSimulation {

    /** The types whose events are facts of an account's history (kpi-calculator's {@code Fact.isAccountType}). */
    private static final Set<String> ACCOUNT_TYPES = wireNames(EnumSet.of(EventType.ACCOUNT_TARGETED,
            EventType.ACCOUNT_OWNER_CHANGED, EventType.CALL_LOGGED, EventType.CONVERSATION_HELD,
            EventType.APPOINTMENT_HELD, EventType.DEAL_CREATED, EventType.DEAL_WON, EventType.DEAL_LOST,
            EventType.CONTRACT_RENEWED, EventType.CONTRACT_CHURNED, EventType.CONTRACT_EXPANDED,
            EventType.REVENUE_RECOGNIZED, EventType.NPS_RESPONDED, EventType.ONBOARDING_STARTED,
            EventType.ONBOARDING_COMPLETED));
    private static final int POLL = 5000;

    /** One cache size under simulation. */
    static final class Lru {
        final long budget;
        final LinkedHashMap<String, Integer> held = new LinkedHashMap<>(1024, 0.75f, true);
        long weight;
        long hits;
        long misses;
        long fresh;
        long factsRead;

        Lru(long budget) {
            this.budget = budget;
        }

        /** Looks the account up (before the batch adds to it): a hit, a miss (its history read), or new. */
        void lookUp(String account, int historyBefore) {
            if (held.get(account) != null) {
                hits++;
            } else if (historyBefore == 0) {
                fresh++;
            } else {
                misses++;
                factsRead += historyBefore;
            }
        }

        /** Holds the account with its facts after the batch; the least recently used go beyond the budget. */
        void keep(String account, int history) {
            int w = history + 1;
            Integer old = held.remove(account);
            if (old != null) {
                weight -= old;
            }
            if (w <= budget) {
                held.put(account, w);
                weight += w;
            }
            Iterator<Integer> eldest = held.values().iterator();
            while (weight > budget && eldest.hasNext()) {
                weight -= eldest.next();
                eldest.remove();
            }
        }

        double hitRate() {
            return hits + misses == 0 ? 1.0 : hits / (double) (hits + misses);
        }
    }

    private AccountCacheSimulation() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 3_000_000;
        List<Lru> caches = new ArrayList<>();
        for (String b : (args.length > 1 ? args[1] : "25000,50000,100000,150000,250000").split(",")) {
            caches.add(new Lru(Long.parseLong(b.trim())));
        }
        int streams = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        long counted = simulate(events, caches, streams);
        System.out.printf(Locale.ROOT, "%,d events of the e2e stream (5 %% duplicates, 5 %% late; %d tenant(s) at once),"
                + " batches of %,d%n%12s %10s %14s %18s %14s%n", counted, streams, POLL, "facts held", "hit rate",
                "misses/1,000 ev", "facts read/1,000 ev", "new accounts");
        for (Lru c : caches) {
            System.out.printf(Locale.ROOT, "%,12d %9.1f %% %14.1f %18.0f %,14d%n", c.budget, 100 * c.hitRate(),
                    c.misses * 1000.0 / counted, c.factsRead * 1000.0 / counted, c.fresh);
        }
    }

    /** Runs {@code streams} of the driver's streams, interleaved batch by batch, through the caches. */
    static long simulate(long events, List<Lru> caches, int streams) throws InterruptedException {
        List<BlockingQueue<List<ObjectNode>>> queues = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            BlockingQueue<List<ObjectNode>> queue = new ArrayBlockingQueue<>(4);
            long seed = i + 1;
            Thread t = new Thread(() -> {
                try {
                    EndToEndBenchmark.stream(seed, 0.05, 0.05, batch -> queue.put(batch));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stream-" + i);
            t.setDaemon(true);
            t.start();
            queues.add(queue);
        }
        Map<String, Integer> history = new HashMap<>();
        Set<String> seen = new HashSet<>();
        List<String[]> poll = new ArrayList<>(POLL);
        long counted = 0;
        while (counted < events) {
            for (int i = 0; i < streams && counted < events; i++) {
                for (ObjectNode e : queues.get(i).take()) {
                    String account = e.path("data").path("accountId").asText(null);
                    String prefix = i + ":" + e.path("tenant").asText() + "/";
                    // account (or null) and the event's identity
                    poll.add(new String[] {account == null || !ACCOUNT_TYPES.contains(e.path("type").asText()) ? null
                            : prefix + account, prefix + e.path("source").asText() + "#" + e.path("id").asText()});
                    if (poll.size() == POLL) {
                        apply(poll, history, seen, caches);
                        counted += poll.size();
                        poll.clear();
                    }
                }
            }
        }
        return counted;
    }

    private static void apply(List<String[]> poll, Map<String, Integer> history, Set<String> seen,
            List<Lru> caches) {
        Map<String, Integer> added = new LinkedHashMap<>();
        for (String[] e : poll) {
            if (e[0] != null) {
                added.merge(e[0], seen.add(e[1]) ? 1 : 0, Integer::sum);
            }
        }
        for (Map.Entry<String, Integer> a : added.entrySet()) {
            int before = history.getOrDefault(a.getKey(), 0);
            for (Lru c : caches) {
                c.lookUp(a.getKey(), before);
            }
            history.put(a.getKey(), before + a.getValue());
        }
        for (Map.Entry<String, Integer> a : added.entrySet()) {
            for (Lru c : caches) {
                c.keep(a.getKey(), history.get(a.getKey()));
            }
        }
    }

    private static Set<String> wireNames(Set<EventType> types) {
        Set<String> out = new HashSet<>();
        types.forEach(t -> out.add(t.wireName()));
        return out;
    }
}
