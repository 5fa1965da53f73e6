package dev.northstar.calculator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.northstar.calculator.kpi.Fact;
import dev.northstar.events.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountCacheTest {

    private static AccountCache.Entry history(String account, int facts) {
        List<Fact> list = new ArrayList<>();
        for (int i = 0; i < facts; i++) {
            list.add(new Fact("t", account, "s#" + account + i, EventType.CALL_LOGGED, Instant.EPOCH.plusSeconds(i),
                    "team", null, null, false, null, null, 0));
        }
        return new AccountCache.Entry(list, null);
    }

    @Test
    void boundedByFactsNotAccounts() {
        AccountCache cache = new AccountCache(100);
        cache.committed(0, 10, Map.of("a", history("a", 60)));
        cache.committed(1, 10, Map.of("b", history("b", 30)));
        assertEquals(92, cache.weight());
        cache.get(0, "a"); // a is now more recent than b
        cache.committed(1, 20, Map.of("c", history("c", 20)));
        // 61 + 31 + 21 = 113 > 100: the least recently used (b) goes, a and c stay
        assertNull(cache.get(1, "b"));
        assertNotNull(cache.get(0, "a"));
        assertNotNull(cache.get(1, "c"));
        assertEquals(82, cache.weight());
        assertEquals(2, cache.size());
    }

    @Test
    void replacingAnEntryCountsOnlyTheNewOne() {
        AccountCache cache = new AccountCache(1_000);
        cache.committed(0, 1, Map.of("a", history("a", 10)));
        cache.committed(0, 2, Map.of("a", history("a", 15)));
        assertEquals(16, cache.weight());
        assertEquals(15, cache.get(0, "a").history().size());
    }

    @Test
    void anAccountLargerThanTheWholeBudgetIsNotKeptAndItsOldEntryGoes() {
        AccountCache cache = new AccountCache(50);
        cache.committed(0, 1, Map.of("a", history("a", 10)));
        cache.committed(0, 2, Map.of("a", history("a", 80)));
        assertNull(cache.get(0, "a"));
        assertEquals(0, cache.weight());
    }

    @Test
    void anotherWritersProgressDropsOnlyThatPartition() {
        AccountCache cache = new AccountCache(1_000);
        cache.committed(0, 5, Map.of("a", history("a", 3)));
        cache.committed(1, 7, Map.of("b", history("b", 4)));
        cache.validate(0, 5);
        assertNotNull(cache.get(0, "a"));
        cache.validate(1, 9); // someone else committed partition 1 up to 9
        assertNull(cache.get(1, "b"));
        assertNotNull(cache.get(0, "a"));
        assertEquals(4, cache.weight());
    }
}
