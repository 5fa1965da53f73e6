package dev.northstar.reporting.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.northstar.reporting.rest.KpiValuesResource.Csv;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** CSV cells: text that a spreadsheet would evaluate is neutralised, numbers stay numbers. */
class CsvTest {

    @Test
    void everyFormulaLeadIsNeutralisedInsideAQuotedField() {
        assertEquals("\"'=1+1\"", Csv.field("=1+1"));
        assertEquals("\"'+1\"", Csv.field("+1"));
        assertEquals("\"'-1\"", Csv.field("-1"));
        assertEquals("\"'@SUM(A1)\"", Csv.field("@SUM(A1)"));
        assertEquals("\"'\tcmd\"", Csv.field("\tcmd"));
        assertEquals("\"'\r=cmd\"", Csv.field("\r=cmd"));
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", Csv.field("=HYPERLINK(\"http://x\",\"y\")"));
    }

    @Test
    void otherTextIsQuotedOnlyWhenRfc4180NeedsIt() {
        assertEquals("partner-a", Csv.field("partner-a"));
        assertEquals("a=b", Csv.field("a=b"));
        assertEquals(" =x", Csv.field(" =x"));
        assertEquals("\"a,b\"", Csv.field("a,b"));
        assertEquals("\"a\nb\"", Csv.field("a\nb"));
        assertEquals("", Csv.field(""));
        assertEquals("", Csv.field(null));
    }

    @Test
    void numbersStayNumbersWithTheirSign() {
        assertEquals("-20", Csv.number(new BigDecimal("-20")));
        assertEquals("-0.000001", Csv.number(new BigDecimal("-1E-6")));
        assertEquals("4800", Csv.number(new BigDecimal("4.8E3")));
        assertEquals("", Csv.number(null));
    }
}
