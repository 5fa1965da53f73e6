package dev.northstar.events;

import dev.northstar.events.json.EventJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

class KpiValueTest {

    private static final String[] TEXTS = {"acme", "チーム東京", "team \"quoted\" \\ slash", "tab\there", "", "e\u0301",
        "😀 emoji", "line\nbreak", "\u0000nul"};

    @Test
    void writtenByHandAsTheMapperWritesIt() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            KpiValue value = new KpiValue(text(random), text(random), text(random), text(random), text(random),
                    number(random), number(random), number(random), random.nextInt(5) == 0 ? null : text(random),
                    random.nextLong(), instant(random), instant(random),
                    random.nextInt(3) == 0 ? "product:" + text(random) : null);
            byte[] expected = EventJson.MAPPER.writeValueAsBytes(value);
            assertEquals(new String(expected, StandardCharsets.UTF_8), new String(value.toJson(), StandardCharsets.UTF_8));
            assertEquals(value, EventJson.MAPPER.readValue(value.toJson(), KpiValue.class));
        }
    }

    private static String text(Random random) {
        return random.nextInt(3) == 0 ? TEXTS[random.nextInt(TEXTS.length)] : "t" + random.nextInt(100_000);
    }

    private static BigDecimal number(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> BigDecimal.valueOf(random.nextInt(1000) - 500);
            case 2 -> new BigDecimal(new BigInteger(80, random), random.nextInt(12));
            case 3 -> new BigDecimal(BigInteger.valueOf(random.nextLong()), -random.nextInt(5)); // 1.2E+7
            default -> BigDecimal.valueOf(random.nextDouble() * 100).negate();
        };
    }

    private static Instant instant(Random random) {
        if (random.nextInt(6) == 0) {
            return null;
        }
        long second = 1_700_000_000L + random.nextInt(200_000_000);
        int nano = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(second, nano);
    }
}
