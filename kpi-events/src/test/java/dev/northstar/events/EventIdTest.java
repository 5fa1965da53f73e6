package dev.northstar.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.events.NorthstarEvent.EventId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventIdTest {

    @Test
    void equalIdsHashEquallyAndDifferingOnesDiffer() {
        assertEquals(new EventId("acme", "crm://a", "1"), new EventId("acme", "crm://a", "1"));
        assertEquals(new EventId("acme", "crm://a", "1").hashCode(), new EventId("acme", "crm://a", "1").hashCode());
        assertNotEquals(new EventId("acme", "crm://a", "1"), new EventId("acme", "crm://b", "1"));
        assertNotEquals(new EventId("acme", "crm://a", "1"), new EventId("acmf", "crm://a", "1"));
    }

    /** Consecutive numeric ids (as many CRMs number their records) spread over a batch's hash table. */
    @Test
    void consecutiveIdsSpreadOverTheBucketsOfAHashMap() {
        for (String prefix : new String[] {"", "evt-", "mi3abcd-2-"}) {
            for (long start : new long[] {0, 100_000, 7_000_000_123L}) {
                Map<Integer, Integer> perBucket = new HashMap<>();
                for (long n = start; n < start + 500; n++) {
                    int h = new EventId("bench", "crm://bench/loader-2", prefix + n).hashCode();
                    perBucket.merge((h ^ (h >>> 16)) & 1023, 1, Integer::sum); // HashMap's bucket of 1,024
                }
                int fullest = perBucket.values().stream().max(Integer::compare).orElseThrow();
                // a bucket with 8 entries becomes a tree; the string hashes alone put 12 in one
                assertTrue(fullest < 8, prefix + start + ": " + fullest + " ids in one bucket");
                assertTrue(perBucket.size() > 350, prefix + start + ": " + perBucket.size() + " buckets used");
            }
        }
    }
}
