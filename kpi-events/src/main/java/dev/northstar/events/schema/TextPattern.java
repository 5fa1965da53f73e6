package dev.northstar.events.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A schema's {@code pattern}, matched against a whole text. Most of the contract's patterns are runs of ASCII
 * character classes ({@code ^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$}: every id of every event); those are matched
 * by table lookups, the rest by {@link Pattern}. Both say the same for every text (a regular expression engine
 * per id was a third of the time of validating an event).
 */
abstract class TextPattern {

    /** Whether the whole text matches. */
    abstract boolean matches(String text);

    static TextPattern compile(String regex) {
        TextPattern runs = ClassRuns.parse(regex);
        if (runs != null) {
            return runs;
        }
        Pattern pattern = Pattern.compile(regex);
        return new TextPattern() {
            @Override
            boolean matches(String text) {
                return pattern.matcher(text).matches();
            }
        };
    }

    /**
     * {@code ^} then character classes of ASCII characters, each with an exact count except the last, then
     * {@code $}: a text matches when its first characters fill the fixed classes in turn and the rest (as many as
     * the last class allows) are all in the last class. No backtracking is needed because only the last run varies.
     */
    static final class ClassRuns extends TextPattern {
        private final boolean[][] classes;
        private final int[] min;
        private final int[] max;

        private ClassRuns(List<boolean[]> classes, List<int[]> counts) {
            this.classes = classes.toArray(boolean[][]::new);
            this.min = counts.stream().mapToInt(c -> c[0]).toArray();
            this.max = counts.stream().mapToInt(c -> c[1]).toArray();
        }

        /** The runs of {@code regex}, or {@code null} when it is anything else. */
        static ClassRuns parse(String regex) {
            if (!regex.startsWith("^") || !regex.endsWith("$") || regex.endsWith("\\$")) {
                return null;
            }
            List<boolean[]> classes = new ArrayList<>();
            List<int[]> counts = new ArrayList<>();
            int i = 1;
            int end = regex.length() - 1;
            while (i < end) {
                if (regex.charAt(i) != '[') {
                    return null;
                }
                int close = regex.indexOf(']', i + 1);
                if (close < 0) {
                    return null;
                }
                boolean[] set = charClass(regex.substring(i + 1, close));
                if (set == null) {
                    return null;
                }
                i = close + 1;
                int lo = 1;
                int hi = 1;
                if (i < end && regex.charAt(i) == '{') {
                    int closeBrace = regex.indexOf('}', i);
                    if (closeBrace < 0) {
                        return null;
                    }
                    String[] bounds = regex.substring(i + 1, closeBrace).split(",", -1);
                    if (bounds.length > 2 || !digits(bounds[0]) || bounds.length == 2 && !bounds[1].isEmpty()
                            && !digits(bounds[1])) {
                        return null;
                    }
                    lo = Integer.parseInt(bounds[0]);
                    hi = bounds.length == 1 ? lo : bounds[1].isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(bounds[1]);
                    if (hi < lo) {
                        return null;
                    }
                    i = closeBrace + 1;
                } else if (i < end && (regex.charAt(i) == '+' || regex.charAt(i) == '*' || regex.charAt(i) == '?')) {
                    lo = regex.charAt(i) == '+' ? 1 : 0;
                    hi = regex.charAt(i) == '?' ? 1 : Integer.MAX_VALUE;
                    i++;
                }
                if (i < end && "+?{*".indexOf(regex.charAt(i)) >= 0) {
                    return null; // possessive, lazy or a second quantifier
                }
                if (!counts.isEmpty() && counts.get(counts.size() - 1)[0] != counts.get(counts.size() - 1)[1]) {
                    return null; // a varying run before another: would need backtracking
                }
                classes.add(set);
                counts.add(new int[] {lo, hi});
            }
            return classes.isEmpty() ? null : new ClassRuns(classes, counts);
        }

        private static boolean digits(String text) {
            return !text.isEmpty() && text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        }

        /** The members of a class body such as {@code A-Za-z0-9._:@-}; {@code null} for anything not plain. */
        private static boolean[] charClass(String body) {
            if (body.isEmpty() || body.startsWith("^") || body.contains("\\") || body.contains("[")
                    || body.contains("&&")) {
                return null;
            }
            boolean[] set = new boolean[128];
            for (int k = 0; k < body.length(); k++) {
                char from = body.charAt(k);
                char to = from;
                if (k + 2 < body.length() && body.charAt(k + 1) == '-') {
                    to = body.charAt(k + 2);
                    k += 2;
                }
                if (from >= 128 || to >= 128 || to < from) {
                    return null;
                }
                for (char c = from; c <= to; c++) {
                    set[c] = true;
                }
            }
            return set;
        }

        @Override
        boolean matches(String text) {
            int at = 0;
            int n = text.length();
            int last = classes.length - 1;
            for (int r = 0; r < last; r++) {
                if (n - at < min[r] || !all(text, at, at + min[r], classes[r])) {
                    return false;
                }
                at += min[r];
            }
            int rest = n - at;
            return rest >= min[last] && rest <= max[last] && all(text, at, n, classes[last]);
        }

        private static boolean all(String text, int from, int to, boolean[] set) {
            for (int k = from; k < to; k++) {
                char c = text.charAt(k);
                if (c >= 128 || !set[c]) {
                    return false;
                }
            }
            return true;
        }
    }
}
