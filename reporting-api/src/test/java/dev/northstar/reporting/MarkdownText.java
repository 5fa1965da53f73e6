package dev.northstar.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

/** Reads Markdown as a renderer would, for tests that check what escaped text does and does not do. */
public final class MarkdownText {

    private MarkdownText() {
    }

    /** The cells of a table row: split on the pipes that no backslash escapes (as GFM does). */
    public static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '\\' && i + 1 < row.length()) {
                cell.append(c).append(row.charAt(++i));
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }

    /** Asserts that every row of every table has as many cells as its header; returns how many tables there are. */
    public static int assertTablesKeepTheirColumns(String md) {
        List<String> lines = md.lines().toList();
        int tables = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("|") && (i == 0 || !lines.get(i - 1).startsWith("|"))) {
                tables++;
                int columns = cells(lines.get(i)).size();
                for (int j = i + 1; j < lines.size() && lines.get(j).startsWith("|"); j++) {
                    assertEquals(columns, cells(lines.get(j)).size(), lines.get(j));
                }
            }
        }
        return tables;
    }

    /** How often {@code c} occurs without a backslash escaping it. */
    public static int unescaped(String text, char c) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /** What a Markdown reader shows for escaped text: escapes dropped, the three character references decoded. */
    public static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                out.append(text.charAt(++i));
            } else if (text.startsWith("&lt;", i)) {
                out.append('<');
                i += 3;
            } else if (text.startsWith("&gt;", i)) {
                out.append('>');
                i += 3;
            } else if (text.startsWith("&amp;", i)) {
                out.append('&');
                i += 4;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
