package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A label selector as people write it ({@code site=plant-b,rack=r17}), read back the one way everything reads it. */
class GrantSelectorTextTest {

    @Test
    void pairsSeparatedByCommasOrLineBreaksAreReadTrimmedInOrder() {
        assertThat(Grant.selectorOf(" site = plant-b ,rack=r17\r\nrole=plc\n")).containsExactly(
                Map.entry("site", "plant-b"), Map.entry("rack", "r17"), Map.entry("role", "plc"));
        assertThat(Grant.selectorOf("site=a,,\n ,zone=")).as("blank parts skipped, an empty value kept")
                .containsExactly(Map.entry("site", "a"), Map.entry("zone", ""));
    }

    @Test
    void whatSelectorTextWritesReadsBackTheSame() {
        Map<String, String> selector = Grant.selectorOf("site=plant-b,rack=r17");
        assertThat(Grant.selectorOf(Grant.selectorText(selector))).isEqualTo(selector);
    }

    @Test
    void aPartWithoutKeyEqualsValueIsNamedAndNoLabelIsSaid() {
        assertThatThrownBy(() -> Grant.selectorOf("site=a, rack "))
                .isInstanceOfSatisfying(Grant.SelectorSyntaxException.class, e -> {
                    assertThat(e.part()).isEqualTo("rack");
                    assertThat(e.getMessage()).doesNotContain("rack");
                });
        assertThatThrownBy(() -> Grant.selectorOf("=plant-b"))
                .isInstanceOfSatisfying(Grant.SelectorSyntaxException.class, e -> assertThat(e.part())
                        .isEqualTo("=plant-b"));
        assertThatThrownBy(() -> Grant.selectorOf(" ,\n"))
                .isInstanceOfSatisfying(Grant.SelectorSyntaxException.class, e -> assertThat(e.part()).isNull());
    }
}
