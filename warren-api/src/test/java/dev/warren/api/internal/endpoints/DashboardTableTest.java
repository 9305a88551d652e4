package dev.warren.api.internal.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dashboard's count lines: "1 device", never "1 devices". */
class DashboardTableTest {
    @Test
    void aCountTakesTheSingularForOneAndThePluralOtherwise() {
        assertThat(DashboardTable.count(0, "live grant", "live grants")).isEqualTo("0 live grants");
        assertThat(DashboardTable.count(1, "live grant", "live grants")).isEqualTo("1 live grant");
        assertThat(DashboardTable.count(2, "live grant", "live grants")).isEqualTo("2 live grants");
        assertThat(DashboardTable.count(5_000_000_000L, "session opened", "sessions opened"))
                .isEqualTo("5000000000 sessions opened");
    }

    @Test
    void theDeviceCountLineIsGrammatical() {
        assertThat(DashboardDevicesHtml.countLine(1, 1, 1)).isEqualTo("1 device, 1 online");
        assertThat(DashboardDevicesHtml.countLine(0, 0, 0)).isEqualTo("0 devices, 0 online");
        assertThat(DashboardDevicesHtml.countLine(3, 3, 2)).isEqualTo("3 devices, 2 online");
        assertThat(DashboardDevicesHtml.countLine(0, 1, 0)).isEqualTo("0 of 1 device, 0 online");
        assertThat(DashboardDevicesHtml.countLine(1, 4, 0)).isEqualTo("1 of 4 devices, 0 online");
    }
}
