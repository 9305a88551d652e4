package dev.warren.it;

import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestRelay;
import dev.warren.testing.net.EchoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What scenario suites run once per database share: the relay a subclass provides, an echo server as every device's
 * service, unique names, and what to close (in reverse order) after the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RelayScenarios {
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** The subclass's relay, registered there as a static field (on the database it runs the scenarios on). */
    abstract RelayExtension relayExtension();

    TestRelay relay() {
        return relayExtension().get();
    }

    java.nio.file.Path newDir(String prefix) throws Exception {
        return relayExtension().newDir(prefix);
    }

    EchoServer echo;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    void echo() throws Exception {
        echo = EchoServer.start(200);
    }

    @AfterAll
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        echo.close();
    }

    static String unique(String base) {
        return base + "-" + NAMES.incrementAndGet();
    }
}
