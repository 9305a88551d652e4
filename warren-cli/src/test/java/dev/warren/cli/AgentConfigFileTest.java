package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent run --config}: what the YAML says, every wrong file refused saying where, and no Jackson loaded. */
class AgentConfigFileTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private String error(String yaml) throws Exception {
        Path file = file(yaml);
        CommandFailure failure = (CommandFailure) org.assertj.core.api.Assertions.catchThrowable(
                () -> AgentConfigFile.read(file));
        assertThat(failure).as("a failure for: " + yaml).isNotNull();
        assertThat(failure.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(failure.getMessage()).startsWith(file + ": ");
        return failure.getMessage().substring(file.toString().length() + 2);
    }

    @Test
    void oneIdentity() throws Exception {
        AgentConfigFile f = AgentConfigFile.read(file("""
                # the device
                data: ./dev-42
                relay: relay.example.com
                keepalive: 5
                services:
                  ssh: 127.0.0.1:22
                  "web": '127.0.0.1:8080'
                forwards:
                  - 127.0.0.1:15432=plant-b/postgres
                """));
        assertThat(f).isEqualTo(new AgentConfigFile("./dev-42", "relay.example.com",
                Map.of("ssh", "127.0.0.1:22", "web", "127.0.0.1:8080"), List.of("127.0.0.1:15432=plant-b/postgres"),
                "5", null));
        assertThat(f.services().keySet()).containsExactly("ssh", "web");
        assertThat(f.hasIdentities()).isFalse();
    }

    @Test
    void severalIdentitiesInFlowStyle() throws Exception {
        AgentConfigFile f = AgentConfigFile.read(file("""
                identities: [{data: ./dev-ssh, services: {ssh: 127.0.0.1:22}},
                             {data: ./dev-plc, relay: other:7443, services: {plc: 10.0.0.5:502}, forwards: []}]
                keepalive: 1s
                """));
        assertThat(f.identities()).containsExactly(
                new AgentConfigFile.Identity("./dev-ssh", null, Map.of("ssh", "127.0.0.1:22"), null),
                new AgentConfigFile.Identity("./dev-plc", "other:7443", Map.of("plc", "10.0.0.5:502"), List.of()));
        assertThat(f.keepalive()).isEqualTo("1s");
        assertThat(f.hasIdentities()).isTrue();
    }

    @Test
    void emptyValuesAreAbsentAndAnEmptyFileIsNoConfig() throws Exception {
        assertThat(AgentConfigFile.read(file("data:\nrelay: ~\nidentities:\n  -\n")))
                .isEqualTo(new AgentConfigFile(null, null, null, null, null, java.util.Arrays.asList((AgentConfigFile.Identity) null)));
        assertThat(AgentConfigFile.read(file(""))).isEqualTo(AgentConfigFile.NONE);
        assertThat(AgentConfigFile.read(file("# nothing yet\n"))).isEqualTo(AgentConfigFile.NONE);
    }

    @Test
    void wrongFilesAreRefusedSayingWhere() throws Exception {
        assertThat(error("data: a\nname: x\n")).startsWith("unknown key 'name' (expected: data, relay, services,");
        assertThat(error("identities:\n  - data: a\n    name: x\n")).contains("unknown key 'name'")
                .contains("in an identity: data, relay, services, forwards");
        assertThat(error("data: [a, b]\n")).isEqualTo("data: a list (expected: a single value)");
        assertThat(error("services: [ssh]\n"))
                .isEqualTo("services: a list (expected: a mapping of service name to host:port)");
        assertThat(error("services: {ssh: {port: 22}}\n")).isEqualTo("services.ssh: a mapping (expected: a single value)");
        assertThat(error("services: {ssh: }\n")).isEqualTo("services.ssh: nothing (expected: host:port)");
        assertThat(error("forwards: 127.0.0.1:1=a/b\n"))
                .isEqualTo("forwards: '127.0.0.1:1=a/b' (expected: a list of LISTEN=DEVICE/SERVICE)");
        assertThat(error("identities:\n  - data: a\n  - ssh\n"))
                .isEqualTo("identities[1]: 'ssh' (expected: a mapping with data, relay, services, forwards)");
        assertThat(error("identities: {data: a}\n")).startsWith("identities: a mapping (expected: a list of");
        assertThat(error("- data: a\n")).startsWith("the file: a list (expected: a mapping: expected: data,");
        assertThat(error("data: a\ndata: b\n")).isEqualTo("line 2: key 'data' given twice");
        assertThat(error("? [a, b]\n: c\n")).isEqualTo("line 1: a key that is not a name");
        assertThat(error("data: !!binary aGk=\n")).isEqualTo("line 1: tag tag:yaml.org,2002:binary (expected: plain values)");
        assertThat(error("services: !!set {ssh}\n")).startsWith("line 1: tag tag:yaml.org,2002:set");
        assertThat(error("data: a\n  relay: b\n")).startsWith("not valid YAML: ").contains("line 2");
        assertThat(error("data: a\n---\ndata: b\n")).startsWith("not valid YAML: expected a single document");
        assertThat(error("data: &x [*x]\n")).startsWith("not valid YAML: ").contains("aliases");
        assertThat(error("a: &x [1]\nb: *x\n")).startsWith("not valid YAML: ").contains("aliases");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nowhere.yaml");
        assertThatThrownBy(() -> AgentConfigFile.read(missing)).isInstanceOf(CommandFailure.class)
                .hasMessage(missing + ": no such file");
    }

    /**
     * The agent runs for months on small devices: reading its command line and config must not leave picocli's or
     * Jackson's classes in its metaspace. The command runs in a class loader of its own (this JVM's class path, no parent but the JDK's), which
     * sees every class the command asks for, so classes this test JVM loaded before cannot hide one.
     */
    @Test
    void theAgentCommandWithAConfigLoadsNeitherJacksonNorPicocli() throws Exception {
        Path config = file("data: " + dir.resolve("not-enrolled") + "\nkeepalive: 1s\nservices:\n  ssh: 127.0.0.1:22\n"
                + "forwards:\n  - 127.0.0.1:15432=plant-b/postgres\n");
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        Set<String> asked = ConcurrentHashMap.newKeySet();
        try (URLClassLoader fresh = new URLClassLoader("fresh", urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                asked.add(name);
                return super.loadClass(name, resolve);
            }
        }) {
            Class<?> warren = Class.forName(Warren.class.getName(), true, fresh);
            assertThat(warren.getClassLoader()).isSameAs(fresh);
            Method execute = warren.getMethod("execute", String[].class);
            int code = (int) execute.invoke(null, (Object) new String[] {"agent", "run", "--config", config.toString()});
            assertThat(code).as("the agent stops at the missing enrollment, after reading its config")
                    .isEqualTo(ExitCodes.USAGE);
        }
        assertThat(asked).as("the config was read").contains("org.yaml.snakeyaml.composer.Composer",
                AgentConfigFile.class.getName(), "dev.warren.agent.Forward");
        assertThat(asked).noneMatch(name -> name.startsWith("com.fasterxml.jackson"));
        // one empty interface: HostPorts and Durations are picocli converters for the other commands
        assertThat(asked).filteredOn(name -> name.startsWith("picocli."))
                .isSubsetOf("picocli.CommandLine$ITypeConverter");
    }
}
