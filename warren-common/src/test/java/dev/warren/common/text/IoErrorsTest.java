package dev.warren.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoErrorsTest {
    @TempDir Path dir;

    @Test
    void theJdksFileErrorsSayWhyNotOnlyWhere() {
        IOException missing = catchThrowableOfType(IOException.class, () -> Files.readAllLines(dir.resolve("nope")));
        assertThat(missing.getMessage()).as("the JDK's own message is the path alone").endsWith("nope");
        assertThat(IoErrors.reason(missing)).isEqualTo("no such file");
        assertThat(IoErrors.describe(missing)).isEqualTo(dir.resolve("nope") + ": no such file");

        IOException directory = catchThrowableOfType(IOException.class, () -> Files.readAllLines(dir));
        assertThat(IoErrors.reason(directory)).isEqualTo("Is a directory");

        IOException notDirectory = catchThrowableOfType(IOException.class, () -> {
            Path file = Files.writeString(dir.resolve("file"), "x");
            Files.createDirectories(file.resolve("sub"));
        });
        assertThat(IoErrors.reason(notDirectory)).doesNotContain(dir.toString()).isNotBlank();

        assertThat(IoErrors.reason(new IOException("disk full"))).isEqualTo("disk full");
        assertThat(IoErrors.reason(new IOException())).isEqualTo("IOException");
    }
}
