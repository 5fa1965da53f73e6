package dev.northstar.events.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextPatternTest {

    /** The contract's patterns (those read by table) and near relatives. */
    private static final List<String> RUNS = List.of("^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$",
            "^[a-z0-9][a-z0-9_-]{0,62}$", "^[a-z_]{1,64}$", "^[A-Z]{3}$", "^[a-c]+$", "^[-a]*$", "^[x][y]?$",
            "^[0-9]{2}[a-z]{0,3}$", "^[-.]{1}[ab-]{2,}$");
    private static final List<String> REGEX = List.of("^-?(0|[1-9][0-9]{0,14})(\\.[0-9]{1,6})?$",
            "^[a-z]{0,3}[0-9]$", "^[^a]{2}$", "^[a-z]+?$", "^[\\w]{2}$", "^[a-z]{2,1}$", "[a-z]{2}$", "^[a-z]{,3}$");
    private static final String ALPHABET = "aAzZ09._:@-_xyb\n\u00e9\u6771\ud83d\ude00 $^[]{}";

    @Test
    void runsOfClassesAreReadByTableAndTheRestByRegex() {
        RUNS.forEach(r -> assertInstanceOf(TextPattern.ClassRuns.class, TextPattern.compile(r), r));
        REGEX.stream().filter(r -> !r.equals("^[a-z]{2,1}$") && !r.equals("^[a-z]{,3}$"))
                .forEach(r -> assertNull(TextPattern.ClassRuns.parse(r), r));
    }

    @Test
    void everyTextIsJudgedAsTheRegexJudgesIt() {
        Random random = new Random(11);
        for (String regex : RUNS) {
            Pattern reference = Pattern.compile(regex);
            TextPattern pattern = TextPattern.compile(regex);
            for (int i = 0; i < 100_000; i++) {
                String text = text(random, i % 10 == 0 ? 140 : 6);
                assertEquals(reference.matcher(text).matches(), pattern.matches(text), regex + " on " + text);
            }
        }
    }

    private static String text(Random random, int maxLength) {
        StringBuilder b = new StringBuilder();
        for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
