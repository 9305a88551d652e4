package dev.warren.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import dev.warren.relay.RelayConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real relay per test class: {@code @RegisterExtension static final RelayExtension relay = new RelayExtension();}
 * starts it before the first test on an ephemeral loopback port with a fresh data directory, and stops it after the
 * last.
 */
public final class RelayExtension implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<RelayConfig> customize;
    private Runnable afterStop = () -> {};
    private TestRelay relay;
    private Path dir;

    public RelayExtension() {
        this(c -> c);
    }

    public RelayExtension(UnaryOperator<RelayConfig> customize) {
        this.customize = customize;
    }

    /** Runs {@code action} once the relay has stopped, e.g. to drop the database schema it ran on. */
    public RelayExtension afterStop(Runnable action) {
        this.afterStop = java.util.Objects.requireNonNull(action, "action");
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("warren-relay-");
        relay = TestRelay.start(dir.resolve("relay"), customize);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (relay != null) {
                relay.close();
            }
            TempDirs.delete(dir);
        } finally {
            afterStop.run();
        }
    }

    public TestRelay get() {
        if (relay == null) {
            throw new IllegalStateException("the relay starts before the first test (register the extension as static)");
        }
        return relay;
    }

    /** A fresh directory under the relay's temporary root (for agents, files, sshd). */
    public Path newDir(String prefix) throws java.io.IOException {
        return Files.createTempDirectory(dir, prefix);
    }
}
