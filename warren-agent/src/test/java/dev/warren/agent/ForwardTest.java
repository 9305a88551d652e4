package dev.warren.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.common.net.HostPort;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardTest {
    @Test
    void parsesListenAddressDeviceAndService() {
        Forward f = Forward.parse("172.17.0.1:15432=plant-b/postgres");
        assertThat(f.listen()).isEqualTo(new HostPort("172.17.0.1", 15432));
        assertThat(f.device()).isEqualTo("plant-b");
        assertThat(f.service()).isEqualTo("postgres");
        assertThat(f).hasToString("172.17.0.1:15432=plant-b/postgres");
        assertThat(Forward.parse("[::1]:2222=d_abcdefghijklmnop/ssh").listen()).isEqualTo(new HostPort("::1", 2222));
    }

    @Test
    void malformedSpecsAreRefusedSayingWhatIsExpected() {
        for (String bad : List.of("", "127.0.0.1:15432", "127.0.0.1:15432=plant-b", "127.0.0.1:15432=/postgres",
                "127.0.0.1:15432=plant-b/", "=plant-b/postgres", "127.0.0.1:15432=plant b/postgres",
                "127.0.0.1:15432=plant-b/Postgres!", "127.0.0.1:99999=plant-b/postgres")) {
            assertThatThrownBy(() -> Forward.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(expected: ").hasMessageNotContaining("forward:");
        }
    }

    @Test
    void aListenPortTheKernelWouldPickIsRefused() {
        assertThatThrownBy(() -> Forward.parse("127.0.0.1:0=plant-b/postgres"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listen port 0");
    }

    @Test
    void oneListenAddressCarriesOneForward() {
        Forward a = Forward.parse("127.0.0.1:15432=plant-b/postgres");
        Forward b = Forward.parse("127.0.0.1:15432=plant-c/postgres");
        assertThatThrownBy(() -> AgentConfig.of(Path.of("x"), Map.of()).withForwards(List.of(a, b)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("each listen address once");
    }
}
