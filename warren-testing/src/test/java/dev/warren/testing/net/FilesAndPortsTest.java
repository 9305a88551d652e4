package dev.warren.testing.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesAndPortsTest {
    @TempDir
    Path dir;

    @Test
    void aFreePortCanBeBound() throws Exception {
        int port = FreePorts.next();

        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void randomFilesAreReproducibleAndExactlySized() throws Exception {
        Path a = RandomFiles.create(dir.resolve("a/1.bin"), 100_003, 5);
        Path b = RandomFiles.create(dir.resolve("b/2.bin"), 100_003, 5);
        Path c = RandomFiles.create(dir.resolve("c.bin"), 100_003, 6);

        assertThat(a).hasSize(100_003);
        assertThat(Checksums.sha256(a)).isEqualTo(Checksums.sha256(b)).isNotEqualTo(Checksums.sha256(c));
        assertThat(RandomFiles.create(dir.resolve("empty"), 0, 1)).isEmptyFile();
        assertThatThrownBy(() -> RandomFiles.create(dir.resolve("x"), -1, 1))
                .hasMessage("bytes: -1 (expected: >= 0)");
    }

    @Test
    void sha256OfAFileAndOfItsBytesAgree() throws Exception {
        Path file = Files.writeString(dir.resolve("abc"), "abc");

        assertThat(Checksums.sha256("abc".getBytes()))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
                .isEqualTo(Checksums.sha256(file));
    }
}
