package dev.northstar.calculator.pipeline;

import dev.northstar.calculator.kpi.AccountFold;
import dev.northstar.calculator.kpi.Fact;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Accounts folded recently, so that a batch does not read their history again. An entry is only trusted while
 * this instance is the last writer of its partition: when the stored progress of a partition is not what this
 * instance committed last (another instance worked on it, or the database was reset), the partition's entries
 * are dropped. The database stays the truth; this is a shortcut to it.
 *
 * <p>The cache is bounded by the number of facts it holds, over all partitions, because that is what its memory
 * grows with: a few accounts with long histories weigh as much as many with short ones. The least recently used
 * accounts go first.
 */
final class AccountCache {

    /** An account's facts and its fold over them. */
    record Entry(List<Fact> history, AccountFold fold) {

        /** What the entry counts against the budget: its facts, and one for the account itself. */
        int weight() {
            return history.size() + 1;
        }
    }

    private record Key(int partition, String account) {

        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof Key k && partition == k.partition && account.equals(k.account);
        }

        @Override
        public int hashCode() {
            return 31 * partition + account.hashCode();
        }
    }

    private final long maxFacts;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private final Map<Integer, Long> committed = new HashMap<>();
    private long weight;

    /** A cache holding at most {@code maxFacts} facts; 0 keeps nothing. */
    AccountCache(long maxFacts) {
        this.maxFacts = maxFacts;
    }

    /** Drops the partition's entries unless {@code storedNext} is the progress this instance committed. */
    synchronized void validate(int partition, long storedNext) {
        if (!Objects.equals(committed.get(partition), storedNext)) {
            forget(partition);
        }
    }

    /** The progress this instance last committed for the partition, or null when it has committed none since assigned. */
    synchronized Long committed(int partition) {
        return committed.get(partition);
    }

    synchronized Entry get(int partition, String account) {
        return entries.get(new Key(partition, account));
    }

    /** Records what a committed batch left: the accounts' new entries and the partition's progress. */
    synchronized void committed(int partition, long next, Map<String, Entry> written) {
        committed.put(partition, next);
        for (Map.Entry<String, Entry> e : written.entrySet()) {
            Entry entry = e.getValue();
            if (entry.weight() > maxFacts) {
                drop(entries.remove(new Key(partition, e.getKey())));
                continue;
            }
            drop(entries.put(new Key(partition, e.getKey()), entry));
            weight += entry.weight();
        }
        Iterator<Entry> eldest = entries.values().iterator();
        while (weight > maxFacts && eldest.hasNext()) {
            weight -= eldest.next().weight();
            eldest.remove();
        }
    }

    private void drop(Entry replaced) {
        if (replaced != null) {
            weight -= replaced.weight();
        }
    }

    /** Forgets a partition (revoked, lost, or written by someone else). */
    synchronized void forget(int partition) {
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Entry> e = it.next();
            if (e.getKey().partition() == partition) {
                weight -= e.getValue().weight();
                it.remove();
            }
        }
        committed.remove(partition);
    }

    /** How many accounts are held. */
    synchronized int size() {
        return entries.size();
    }

    /** How many facts (plus one per account) are held. */
    synchronized long weight() {
        return weight;
    }
}
