package dev.warren.it;

import dev.warren.testing.RelayExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AccessScenarios} with the relay on PostgreSQL, in a schema of its own. */
class AccessOnPostgresTest extends AccessScenarios {
    @RegisterExtension
    static final RelayExtension relay = ScenarioRelays.onPostgres();

    @Override
    RelayExtension relayExtension() {
        return relay;
    }
}
