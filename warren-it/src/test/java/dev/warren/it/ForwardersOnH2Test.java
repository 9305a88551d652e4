package dev.warren.it;

import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestRelay;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ForwarderScenarios} on the embedded store. */
class ForwardersOnH2Test extends ForwarderScenarios {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();

    @Override
    TestRelay relay() {
        return relay.get();
    }

    @Override
    Path newDir(String prefix) throws Exception {
        return relay.newDir(prefix);
    }
}
