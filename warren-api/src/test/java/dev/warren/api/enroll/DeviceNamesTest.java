package dev.warren.api.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "dev-42", "plc.gw_1", "0abc", "x123456789012345678901234567890123456789012345678901234567890ab"})
    void valid(String name) {
        assertThat(DeviceNames.problem(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Dev", "-dev", ".dev", "_dev", "dev 42", "dév", "dev/42", "dev\n42",
            "x1234567890123456789012345678901234567890123456789012345678901ab"})
    void invalid(String name) {
        assertThat(DeviceNames.problem(name)).hasValueSatisfying(p -> assertThat(p).startsWith("name: "));
    }
}
