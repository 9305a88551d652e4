package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A bad forwarder spec is named once by where it came from: the option, or the config file's key. */
class AgentRunForwardsTest {
    @Test
    void aBadForwardSaysWhereItCameFromOnce() {
        assertThatThrownBy(() -> AgentRunCommand.forwards(List.of("127.0.0.1:15432=plant-b"), "--forward"))
                .isInstanceOf(CommandFailure.class)
                .hasMessageStartingWith("--forward: '127.0.0.1:15432=plant-b' (expected: LISTEN=DEVICE/SERVICE")
                .hasMessageNotContaining("forward: forward");
        assertThatThrownBy(() -> AgentRunCommand.forwards(List.of("127.0.0.1:1=plant b/pg"), "agent.yaml: forwards"))
                .hasMessageStartingWith("agent.yaml: forwards: device 'plant b' (expected: a device name");
    }

    @Test
    void goodForwardsAreParsedInOrder() {
        assertThat(AgentRunCommand.forwards(List.of("127.0.0.1:1=a/x", "127.0.0.1:2=b/y"), "--forward"))
                .extracting(f -> f.device()).containsExactly("a", "b");
        assertThat(AgentRunCommand.forwards(null, "--forward")).isEmpty();
    }
}
