package dev.warren.common.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlFilesTest {
    @TempDir Path dir;

    record Item(@JsonProperty("name") String name, @JsonProperty("on") Boolean on) {}

    record Config(@JsonProperty("listen") String listen, @JsonProperty("allow-dst") List<String> allow,
            @JsonProperty("max") Integer max, @JsonProperty("items") List<Item> items) {}

    private String problem(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), yaml);
        try {
            YamlFiles.read(file, Config.class);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith(file.toString())
                    .doesNotContain("java.", "JsonToken", "Cannot deserialize", "in 'reader'", "dev.warren");
            return e.getMessage().substring(file.toString().length());
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void aGoodFileIsRead() throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), "listen: a:1\nallow-dst: [x, y]\nmax: 3\nitems:\n  - name: i\n    on: true\n");
        assertThat(YamlFiles.read(file, Config.class))
                .isEqualTo(new Config("a:1", List.of("x", "y"), 3, List.of(new Item("i", true))));
        assertThat(YamlFiles.read(Files.writeString(dir.resolve("e.yaml"), "# nothing yet\n\n"), Config.class)).isNull();
    }

    @Test
    void eachMistakeIsSaidInTheFilesTerms() throws Exception {
        assertThat(problem("listen: a:1\nalow: [x]\n")).isEqualTo(" line 2: unknown key 'alow' (expected: listen, allow-dst, max, items)");
        assertThat(problem("allow-dst: x:1\n")).isEqualTo(" line 1: allow-dst: expected a list, e.g. [a, b]");
        assertThat(problem("max: lots\n")).isEqualTo(" line 1: max: expected a whole number (got 'lots')");
        assertThat(problem("items:\n  - name: a\n  - name: b\n    on: maybe\n"))
                .isEqualTo(" line 4: items[2].on: expected true or false (got 'maybe')");
        assertThat(problem("- a\n- b\n")).isEqualTo(" line 1: expected keys with values (key: value)");
        assertThat(problem("listen: a:1\nlisten: b:2\n")).isEqualTo(" line 2: key 'listen' given twice");
        assertThat(problem("allow-dst: [a:1\n")).startsWith(" line ").contains("not valid YAML: while parsing a flow sequence")
                .contains("expected ',' or ']'");
        assertThat(problem("listen: [a, b]\n")).isEqualTo(" line 1: listen: expected a single value");
    }

    @Test
    void aMissingFileIsSaidSo() {
        assertThatThrownBy(() -> YamlFiles.read(dir.resolve("nope.yaml"), Config.class))
                .hasMessage(dir.resolve("nope.yaml") + ": no such file");
    }
}
