package dev.warren.mtls;

import dev.warren.pki.CertificateProfile;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.PkiDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A double proxy in one JVM for tests: a CA made by warren pki, a reverse tunnel (TLS on 127.0.0.1:0, allowing
 * "node-fwd") in front of a target, and a forward tunnel in front of it.
 */
final class Pair implements AutoCloseable {
    final PkiDirectory pki;
    final MtlsProxy reverse;
    final MtlsProxy forward;
    final Endpoint entry;

    private Pair(PkiDirectory pki, MtlsProxy reverse, MtlsProxy forward, Endpoint entry) {
        this.pki = pki;
        this.reverse = reverse;
        this.forward = forward;
        this.entry = entry;
    }

    static PkiDirectory pki(Path dir) {
        PkiDirectory pki = PkiDirectory.init(dir.resolve("pki"), "Test Plant CA", KeyAlgorithm.EC_P256, Duration.ofDays(30));
        pki.issue("node-rev", List.of("rev.test"), List.of("127.0.0.1"), List.of("spiffe://plant/node-rev"),
                CertificateProfile.Usage.SERVER, Duration.ofDays(10), KeyAlgorithm.EC_P256, false);
        pki.issue("node-fwd", List.of(), List.of(), List.of("spiffe://plant/node-fwd"),
                CertificateProfile.Usage.CLIENT, Duration.ofDays(10), KeyAlgorithm.EC_P256, false);
        return pki;
    }

    static TunnelConfig reverse(PkiDirectory pki, Endpoint listen, Endpoint target, boolean proxyProtocol, String... allow) {
        return new TunnelConfig("rev", TunnelConfig.Mode.REVERSE, listen, target, pki.certificateFile("node-rev"),
                pki.keyFile("node-rev"), pki.dir().resolve("ca.crt"),
                java.util.Arrays.stream(allow).map(PeerNamePattern::new).toList(), false, null, proxyProtocol, null);
    }

    static TunnelConfig forward(PkiDirectory pki, String name, Endpoint listen, Endpoint connect) {
        return new TunnelConfig("fwd", TunnelConfig.Mode.FORWARD, listen, connect, pki.certificateFile(name),
                pki.keyFile(name), pki.dir().resolve("ca.crt"), List.of(), false, "rev.test", false, null);
    }

    /** Both sides; {@code listen} is where clients enter (TCP port 0 or a Unix path). */
    static Pair start(Path dir, Endpoint listen, Endpoint target, Duration reloadCheck) {
        PkiDirectory pki = pki(dir);
        MtlsProxy reverse = MtlsProxy.start(new MtlsConfig(List.of(reverse(pki, Endpoint.parse("127.0.0.1:0"), target, false,
                "node-fwd")), dev.warren.common.net.HostPort.parse("127.0.0.1:0"), reloadCheck, 1));
        MtlsProxy forward = MtlsProxy.start(new MtlsConfig(List.of(forward(pki, "node-fwd", listen,
                reverse.listenAddress("rev"))), null, reloadCheck, 1));
        return new Pair(pki, reverse, forward, forward.listenAddress("fwd"));
    }

    @Override
    public void close() {
        forward.close();
        reverse.close();
    }
}
