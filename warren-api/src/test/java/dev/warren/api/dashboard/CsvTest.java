package dev.warren.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void plainFieldsAreLeftAloneAndRecordsEndWithCrLf() {
        assertThat(new Csv().row(List.of("seq", "actor")).row(Arrays.asList("1", null, "")).toString())
                .isEqualTo("seq,actor\r\n1,,\r\n");
    }

    @Test
    void commasQuotesAndLineBreaksAreQuotedAsRfc4180Says() {
        assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Csv.field("cr\rhere")).isEqualTo("\"cr\rhere\"");
        assertThat(Csv.field("{\"k\":\"v\"}")).isEqualTo("\"{\"\"k\"\":\"\"v\"\"}\"");
    }

    @Test
    void fieldsThatASpreadsheetWouldReadAsAFormulaGetALeadingQuote() {
        assertThat(Csv.field("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(Csv.field("+1")).isEqualTo("'+1");
        assertThat(Csv.field("-2+3")).isEqualTo("'-2+3");
        assertThat(Csv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Csv.field("\tcmd")).isEqualTo("'\tcmd");
        assertThat(Csv.field("\r=1")).isEqualTo("\"'\r=1\"");
        assertThat(Csv.field("a=b")).as("only the first character counts").isEqualTo("a=b");
        assertThat(Csv.field("plant-b")).isEqualTo("plant-b");
    }
}
