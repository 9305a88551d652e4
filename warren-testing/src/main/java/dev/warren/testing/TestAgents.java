package dev.warren.testing;

import dev.warren.agent.Agent;
import dev.warren.agent.AgentConfig;
import dev.warren.agent.AgentFiles;
import dev.warren.common.net.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Agents for tests: enrolled against a {@link TestRelay}, fast keep-alives and quick reconnects. */
public final class TestAgents {
    private TestAgents() {}

    /** Enrolls {@code name} and starts its agent exposing {@code services}. */
    public static Agent start(TestRelay relay, String name, Path dir, Map<String, HostPort> services) throws Exception {
        AgentFiles files = relay.enroll(name, dir);
        return run(files.dir(), services);
    }

    /** Starts an agent from an enrolled directory. */
    public static Agent run(Path dir, Map<String, HostPort> services) {
        return Agent.start(AgentConfig.of(dir, services).withSession(TestRelay.fastSession())
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2)));
    }
}
