package dev.warren.it;

import dev.warren.testing.RelayExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AccessScenarios} on the embedded store. */
class AccessOnH2Test extends AccessScenarios {
    @RegisterExtension
    static final RelayExtension relay = ScenarioRelays.onH2();

    @Override
    RelayExtension relayExtension() {
        return relay;
    }
}
