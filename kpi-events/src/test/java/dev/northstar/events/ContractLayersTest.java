package dev.northstar.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contract module's arrows point one way: the contract ({@code dev.northstar.events}) uses only the JSON dialect;
 * the schema validation uses the contract and the dialect; the wire codecs may use all three; the dialect uses none.
 * Read from the sources, so that a reference added against the direction fails here, not in a reviewer's head.
 */
class ContractLayersTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/northstar/events");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.northstar\\.events\\.(json|schema|wire)\\b");

    /** For each package, the sibling packages it may refer to. */
    private static final Map<String, List<String>> ALLOWED = Map.of(
            "", List.of("json"),
            "json", List.of(),
            "schema", List.of("json"),
            "wire", List.of("json", "schema"));

    @Test
    void everyReferenceBetweenThePackagesPointsAwayFromTheContract() throws IOException {
        List<String> wrong = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(SOURCES)) {
            for (Path file : all.filter(f -> f.toString().endsWith(".java")).toList()) {
                files++;
                Path relative = SOURCES.relativize(file.getParent());
                String own = relative.toString();
                String code = Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "");
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    String target = m.group(1);
                    if (!target.equals(own) && !ALLOWED.get(own).contains(target)) {
                        wrong.add(file.getFileName() + " (" + (own.isEmpty() ? "contract" : own) + ") refers to "
                                + target);
                    }
                }
                if (own.equals("json")) {
                    assertTrue(!code.contains("import dev.northstar.events."), file + " depends on the contract");
                }
            }
        }
        assertTrue(files >= 20, "read the sources: " + files);
        assertEquals(List.of(), wrong);
    }
}
