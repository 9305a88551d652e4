package dev.warren.it;

import dev.warren.testing.RelayExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ForwarderScenarios} on the embedded store. */
class ForwardersOnH2Test extends ForwarderScenarios {
    @RegisterExtension
    static final RelayExtension relay = ScenarioRelays.onH2();

    @Override
    RelayExtension relayExtension() {
        return relay;
    }
}
