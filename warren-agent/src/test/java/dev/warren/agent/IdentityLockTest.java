package dev.warren.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondHolderIsRefusedWithTheFirstOnesPidUntilItLetsGo() throws Exception {
        IdentityLock first = IdentityLock.take(dir);
        assertThat(Files.readString(dir.resolve(IdentityLock.FILE)).strip())
                .isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThatThrownBy(() -> IdentityLock.take(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessage("another agent runs with the identity in " + dir + " (pid " + ProcessHandle.current().pid()
                        + "); two would replace each other's connection at the relay (expected: one agent per --data)");
        first.close();
        IdentityLock.take(dir).close();
    }
}
