package dev.warren.testing.openssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessesTest {

    @Test
    void capturesExitCodeAndBothStreams() {
        ProcessResult result = Processes.run(
                new ProcessBuilder("sh", "-c", "cat; echo oops >&2; exit 3"), Duration.ofSeconds(10), "in".getBytes());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("in");
        assertThat(result.stderr()).isEqualTo("oops\n");
        assertThat(result.timedOut()).isFalse();
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void destroysTheWholeTreeOnTimeoutAndSaysSo(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("child.pid");
        ProcessResult result = Processes.run(
                new ProcessBuilder("sh", "-c", "sleep 60 & echo $! > " + pidFile + "; echo started; wait"),
                Duration.ofMillis(500));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.stdout()).isEqualTo("started\n");
        assertThat(result.describe()).contains("timed out after", "destroyed");
        long child = Long.parseLong(Files.readString(pidFile).strip());
        await().atMost(Duration.ofSeconds(5)).until(() -> dead(child));
    }

    /** Gone, or a zombie waiting for an init that may reap orphans only every second or so. */
    private static boolean dead(long pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        }
        try {
            String text = Files.readString(stat);
            return text.substring(text.lastIndexOf(')') + 2).startsWith("Z");
        } catch (NoSuchFileException e) {
            return true;
        }
    }
}
