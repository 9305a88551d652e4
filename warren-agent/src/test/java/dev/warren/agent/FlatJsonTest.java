package dev.warren.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatJsonTest {

    @Test
    void readsWhatJacksonsPrettyPrinterWrote() {
        // agent.json as 'agent enroll' wrote it before FlatJson (Jackson, default pretty printer)
        String jackson = "{\n  \"relay\" : \"127.0.0.1:27522\",\n  \"deviceId\" : \"d_iifs7iivsn2un7cx\",\n"
                + "  \"name\" : \"memdev\"\n}";
        assertThat(FlatJson.parse(jackson, "agent.json")).containsExactly(
                Map.entry("relay", "127.0.0.1:27522"), Map.entry("deviceId", "d_iifs7iivsn2un7cx"),
                Map.entry("name", "memdev"));
    }

    @Test
    void readsCompactJsonWithEscapesAndUnknownKeys() {
        assertThat(FlatJson.parse("{\"a\":\"x\\\"y\\\\z\\n\\u00e9\",\"future\":\"kept\"}", "f"))
                .containsExactly(Map.entry("a", "x\"y\\z\né"), Map.entry("future", "kept"));
        assertThat(FlatJson.parse(" { } ", "f")).isEmpty();
    }

    @Test
    void writesAsciiThatReadsBack() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("deviceId", "d_1");
        values.put("name", "gerät \"7\"\t\\");
        values.put("relay", "relay.example:7443");
        String text = FlatJson.write(values);
        assertThat(StandardCharsets.US_ASCII.newEncoder().canEncode(text)).isTrue();
        assertThat(text).startsWith("{\n  \"deviceId\" : \"d_1\",\n");
        assertThat(FlatJson.parse(text, "f")).isEqualTo(values);
    }

    @Test
    void refusesAnythingButAFlatObjectOfStrings() {
        assertThatThrownBy(() -> FlatJson.parse("{\"a\": 1}", "agent.json"))
                .hasMessageStartingWith("agent.json: the value of 'a' is not a string");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\": {\"b\": \"c\"}}", "f")).hasMessageContaining("not a string");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":\"1\",\"a\":\"2\"}", "f")).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":\"1\"} x", "f")).hasMessageContaining("text after the object");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":\"1\"", "f")).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":\"1", "f")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> FlatJson.parse("[]", "f")).hasMessageContaining("expected '{'");
        assertThatThrownBy(() -> FlatJson.parse("", "f")).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":\"\\x\"}", "f")).hasMessageContaining("bad escape");
    }
}
