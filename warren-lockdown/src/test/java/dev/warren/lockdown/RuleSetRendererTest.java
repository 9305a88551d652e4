package dev.warren.lockdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.common.net.HostPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Golden tests: the printed rule set of several option combinations, byte for byte, and nft itself accepts each
 * ({@code nft -c -f}). {@code -Dgolden.update=true} rewrites the files under src/test/resources/golden.
 */
class RuleSetRendererTest {
    /** Names resolve the same way on every machine. */
    private static final AddressResolver FIXED = host -> switch (host) {
        case "relay.example.com" -> List.of(addr("2001:db8::10"), addr("203.0.113.10"), addr("203.0.113.11"),
                addr("203.0.113.10"));
        case "relay4.example.com" -> List.of(addr("198.51.100.7"));
        default -> throw new UnknownHostException(host + ": no such name");
    };

    static Stream<Arguments> combinations() {
        return Stream.of(
                Arguments.of("minimal", policy("relay.example.com:443", List.of(), false, List.of(), List.of(), List.of())),
                Arguments.of("dns-dhcp", policy("relay4.example.com:7443", List.of("10.0.0.53", "2001:db8::53"), true,
                        List.of(), List.of(), List.of())),
                Arguments.of("containers", policy("relay.example.com:443", List.of("10.0.0.53"), false,
                        List.of("docker0", "br-*"), List.of(15432, 8443), List.of())),
                Arguments.of("containers-no-forwarders", policy("relay4.example.com:443", List.of(), false,
                        List.of("docker0"), List.of(), List.of())),
                Arguments.of("full", policy("relay.example.com:443", List.of("10.0.0.53"), true,
                        List.of("docker0"), List.of(15432), List.of("10.0.0.7/24", "fd00:1::/64"))),
                Arguments.of("relay-ipv6-literal", policy("[2001:db8::7]:7443", List.of(), false, List.of(), List.of(),
                        List.of("192.0.2.0/28"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void printsTheGoldenRuleSetAndNftAcceptsIt(String name, LockdownPolicy policy) throws Exception {
        String script = new RuleSetRenderer(FIXED).render(policy);
        Path golden = Path.of("src/test/resources/golden", name + ".nft");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, script);
        }
        assertThat(script).isEqualTo(Files.readString(golden));
        assertThat(nftCheck(script)).as("nft -c -f %s", golden).isEqualTo(Map.entry(0, ""));
    }

    @Test
    void saysWhichNameTheRelayAddressesCameFrom() {
        String script = new RuleSetRenderer(FIXED).render(
                policy("relay.example.com:443", List.of(), false, List.of(), List.of(), List.of()));
        assertThat(script)
                .contains("resolved from relay.example.com when these rules were made: 203.0.113.10, 203.0.113.11, 2001:db8::10")
                .contains("elements = { 203.0.113.10, 203.0.113.11 }")
                .contains("elements = { 2001:db8::10 }");
    }

    @Test
    void aRelayThatDoesNotResolveIsAClearError() {
        assertThatThrownBy(() -> new RuleSetRenderer(FIXED).render(
                policy("nowhere.example.com:443", List.of(), false, List.of(), List.of(), List.of())))
                .isInstanceOf(LockdownException.class)
                .hasMessageContaining("relay nowhere.example.com does not resolve");
        assertThatThrownBy(() -> new RuleSetRenderer(host -> List.of()).render(
                policy("empty.example.com:443", List.of(), false, List.of(), List.of(), List.of())))
                .hasMessageContaining("resolved to no address");
    }

    @Test
    void badOptionsAreRefusedWithWhatWasExpected() {
        assertThatThrownBy(() -> policy("r.example.com:443", List.of(), false, List.of(), List.of(15432), List.of()))
                .hasMessageContaining("--forward-port 15432 needs --container-bridge");
        assertThatThrownBy(() -> policy("r.example.com:443", List.of(), false, List.of("docker0\"; flush ruleset"),
                List.of(), List.of())).hasMessageContaining("container bridge: docker0\"; flush ruleset (expected:");
        assertThatThrownBy(() -> policy("r.example.com:443", List.of(), false, List.of("*"), List.of(), List.of()))
                .hasMessageContaining("container bridge: *");
        assertThatThrownBy(() -> policy("r.example.com:0", List.of(), false, List.of(), List.of(), List.of()))
                .hasMessageContaining("relay port: 0 (expected: 1..65535)");
        assertThatThrownBy(() -> policy("r.example.com:443", List.of("dns.example.com"), false, List.of(), List.of(),
                List.of())).hasMessageContaining("address: dns.example.com (expected: an IPv4 or IPv6 address, not a name)");
        assertThatThrownBy(() -> policy("r.example.com:443", List.of(), false, List.of(), List.of(), List.of("10.0.0.0/33")))
                .hasMessageContaining("prefix: 33 (expected: 0..32)");
        assertThatThrownBy(() -> policy("r.example.com:443", List.of(), false, List.of("docker0"), List.of(70000),
                List.of())).hasMessageContaining("forward port: 70000 (expected: 1..65535)");
    }

    @Test
    void networksAreWrittenAsNftPrintsThem() {
        assertThat(Cidr.parse("10.0.0.7/24")).hasToString("10.0.0.0/24");
        assertThat(Cidr.parse("fd00:1:0:0:0:0:0:5/64")).hasToString("fd00:1::/64");
        assertThat(Cidr.parse("192.0.2.1")).hasToString("192.0.2.1");
        assertThat(IpLiteral.format(addr("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpLiteral.format(addr("::1"))).isEqualTo("::1");
    }

    private static LockdownPolicy policy(String relay, List<String> dns, boolean dhcp, List<String> bridges,
            List<Integer> ports, List<String> ssh) {
        return new LockdownPolicy(HostPort.parse(relay), dns.stream().map(IpLiteral::parse).toList(), dhcp, bridges, ports,
                ssh.stream().map(Cidr::parse).toList(), 22);
    }

    private static InetAddress addr(String literal) {
        return IpLiteral.parse(literal);
    }

    /** {@code nft -c -f -}: nft parses and checks the script against the kernel without loading it. */
    static Map.Entry<Integer, String> nftCheck(String script) throws IOException, InterruptedException {
        Process nft = new ProcessBuilder("nft", "-c", "-f", "-").redirectErrorStream(true).start();
        try (OutputStream in = nft.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream stream = nft.getInputStream()) {
            stream.transferTo(out);
        }
        if (!nft.waitFor(30, TimeUnit.SECONDS)) {
            nft.destroyForcibly();
            throw new AssertionError("nft -c did not finish in 30 s");
        }
        return Map.entry(nft.exitValue(), out.toString(StandardCharsets.UTF_8));
    }
}
