package dev.northstar.calculator.repository;

import dev.northstar.calculator.kpi.AccountFold;
import dev.northstar.calculator.kpi.Fact;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Accounts folded recently, by partition, so that a batch does not read their history again. An entry is
 * only trusted while this instance is the last writer of its partition: when the stored progress of a
 * partition is not what this instance committed last (another instance worked on it, or the database was
 * reset), the partition's entries are dropped. The database stays the truth; this is a shortcut to it.
 */
final class AccountCache {

    /** An account's facts and its fold over them. */
    record Entry(List<Fact> history, AccountFold fold) {
    }

    private final int maxPerPartition;
    private final Map<Integer, LinkedHashMap<String, Entry>> partitions = new HashMap<>();
    private final Map<Integer, Long> committed = new HashMap<>();

    AccountCache(int maxPerPartition) {
        this.maxPerPartition = maxPerPartition;
    }

    /** Drops the partition's entries unless {@code storedNext} is the progress this instance committed. */
    synchronized void validate(int partition, long storedNext) {
        if (!Objects.equals(committed.get(partition), storedNext)) {
            forget(partition);
        }
    }

    synchronized Entry get(int partition, String account) {
        LinkedHashMap<String, Entry> entries = partitions.get(partition);
        return entries == null ? null : entries.get(account);
    }

    /** Records what a committed batch left: the accounts' new entries and the partition's progress. */
    synchronized void committed(int partition, long next, Map<String, Entry> entries) {
        LinkedHashMap<String, Entry> map = partitions.computeIfAbsent(partition, p -> new LinkedHashMap<>(1024, 0.75f,
                true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxPerPartition;
            }
        });
        map.putAll(entries);
        committed.put(partition, next);
    }

    /** Forgets a partition (revoked, lost, or written by someone else). */
    synchronized void forget(int partition) {
        partitions.remove(partition);
        committed.remove(partition);
    }

    synchronized int size() {
        return partitions.values().stream().mapToInt(Map::size).sum();
    }
}
