package dev.warren.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Real handshakes over loopback for every pairing of the two providers (server, client). */
class TlsContextsTest {
    static TestPki.Ca ca;
    static TestPki.Ca otherCa;
    static TestPki.Leaf server;
    static TestPki.Leaf client;

    @BeforeAll
    static void certificates() {
        ca = TestPki.Ca.create("Test CA");
        otherCa = TestPki.Ca.create("Other CA");
        server = ca.server("relay", List.of("localhost", "relay.test"), List.of("127.0.0.1"));
        client = ca.client("device-1");
    }

    static Stream<Arguments> providers() {
        return Stream.of(
                Arguments.of(SslProvider.OPENSSL, SslProvider.OPENSSL),
                Arguments.of(SslProvider.JDK, SslProvider.JDK),
                Arguments.of(SslProvider.OPENSSL, SslProvider.JDK),
                Arguments.of(SslProvider.JDK, SslProvider.OPENSSL));
    }

    @Test
    void openSslLoadsHereAndIsTheDefault() {
        assertThat(OpenSsl.isAvailable()).as("netty-tcnative: %s", OpenSsl.unavailabilityCause()).isTrue();
        assertThat(OpenSsl.versionString()).isEqualTo("BoringSSL");
        assertThat(TlsContexts.provider()).isEqualTo(SslProvider.OPENSSL);
        // the probe that answered Netty's question about the JDK's TLS while choosing is gone
        assertThat(java.security.Security.getProvider("WarrenJdkTlsProbe")).isNull();
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("providers")
    void mutualTlsSucceeds(SslProvider s, SslProvider c) throws Exception {
        var outcome = Loopback.connect(
                TlsContexts.server(s, server.identity(), List.of(ca.certificate()), ClientAuth.REQUIRE),
                TlsContexts.client(c, client.identity(), TrustPolicy.Cas.of(ca.certificate())), "localhost", true);

        assertThat(outcome.succeeded()).as(outcome.allMessages()).isTrue();
        assertThat(outcome.protocol()).isEqualTo("TLSv1.3");
        assertThat(outcome.clientCertificateSeenByServer()).isEqualTo("CN=device-1");
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("providers")
    void clientCertificateFromAnotherCaIsRefused(SslProvider s, SslProvider c) throws Exception {
        var outcome = Loopback.connect(
                TlsContexts.server(s, server.identity(), List.of(ca.certificate()), ClientAuth.REQUIRE),
                TlsContexts.client(c, otherCa.client("intruder").identity(), TrustPolicy.Cas.of(ca.certificate())), "localhost", true);

        assertThat(outcome.serverError()).as("the server refuses").isNotNull();
        assertThat(outcome.clientReadError()).as("the client never gets application data").isNotNull();
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("providers")
    void noClientCertificateIsRefusedWhenRequiredAndAcceptedWhenOptional(SslProvider s, SslProvider c) throws Exception {
        SslContext anonymous = TlsContexts.client(c, null, TrustPolicy.Cas.of(ca.certificate()));
        var required = Loopback.connect(
                TlsContexts.server(s, server.identity(), List.of(ca.certificate()), ClientAuth.REQUIRE), anonymous, "localhost", true);
        assertThat(required.serverError()).isNotNull();
        assertThat(required.clientReadError()).isNotNull();

        var optional = Loopback.connect(
                TlsContexts.server(s, server.identity(), List.of(ca.certificate()), ClientAuth.OPTIONAL), anonymous, "localhost", true);
        assertThat(optional.succeeded()).as(optional.allMessages()).isTrue();
        assertThat(optional.clientCertificateSeenByServer()).isNull();
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("providers")
    void pinnedTrustAcceptsTheRightPin(SslProvider s, SslProvider c) throws Exception {
        var outcome = Loopback.connect(
                TlsContexts.server(s, server.identityWithCa(), List.of(), ClientAuth.NONE),
                TlsContexts.client(c, null, new TrustPolicy.Pinned(SpkiPins.of(ca.certificate()))), "localhost", true);
        assertThat(outcome.succeeded()).as(outcome.allMessages()).isTrue();
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("providers")
    void pinnedTrustRefusesAWrongPinAndSaysSo(SslProvider s, SslProvider c) throws Exception {
        var outcome = Loopback.connect(
                TlsContexts.server(s, server.identityWithCa(), List.of(), ClientAuth.NONE),
                TlsContexts.client(c, null, new TrustPolicy.Pinned(SpkiPins.of(otherCa.certificate()))), "localhost", true);
        assertThat(outcome.clientError()).isNotNull();
        assertThat(outcome.allMessages()).contains("SPKI pin mismatch", SpkiPins.of(otherCa.certificate()));
    }

    /** BoringSSL clients say unknown_ca (not internal_error); the JDK's says certificate_unknown, its only choice. */
    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("providers")
    void aClientThatDoesNotTrustTheServerTellsItWhy(SslProvider s, SslProvider c) throws Exception {
        String expected = c == SslProvider.OPENSSL ? "unknown_ca" : "certificate_unknown";
        SslContext serverContext = TlsContexts.server(s, server.identityWithCa(), List.of(), ClientAuth.NONE);
        for (TrustPolicy wrong : List.of(TrustPolicy.Cas.of(otherCa.certificate()), new TrustPolicy.Pinned(SpkiPins.of(otherCa.certificate())))) {
            var outcome = Loopback.connect(serverContext, TlsContexts.client(c, null, wrong), "localhost", true);
            assertThat(outcome.serverError()).as("%s: %s", wrong, outcome.allMessages()).isNotNull();
            assertThat(ReceivedAlert.of(outcome.serverError())).as("%s: %s", wrong, outcome.allMessages()).contains(expected);
        }
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("providers")
    void aServerNotNamedAsDialledIsToldBadCertificate(SslProvider s, SslProvider c) throws Exception {
        String expected = c == SslProvider.OPENSSL ? "bad_certificate" : "certificate_unknown";
        var outcome = Loopback.connect(TlsContexts.server(s, server.identityWithCa(), List.of(), ClientAuth.NONE),
                TlsContexts.client(c, null, TrustPolicy.Cas.of(ca.certificate())), "elsewhere.test", true);
        assertThat(ReceivedAlert.of(outcome.serverError())).as(outcome.allMessages()).contains(expected);
        assertThat(outcome.allMessages()).contains("elsewhere.test");
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("providers")
    void pinnedTrustNeedsTheCaInTheChainAndNotTheLeafsOwnKey(SslProvider s, SslProvider c) throws Exception {
        var leafOnly = Loopback.connect(
                TlsContexts.server(s, server.identity(), List.of(), ClientAuth.NONE),
                TlsContexts.client(c, null, new TrustPolicy.Pinned(SpkiPins.of(ca.certificate()))), "localhost", true);
        assertThat(leafOnly.clientError()).isNotNull();
        assertThat(leafOnly.allMessages()).contains("SPKI pin mismatch", "must send its CA too");

        var leafPin = Loopback.connect(
                TlsContexts.server(s, server.identityWithCa(), List.of(), ClientAuth.NONE),
                TlsContexts.client(c, null, new TrustPolicy.Pinned(SpkiPins.of(server.certificate()))), "localhost", true);
        assertThat(leafPin.clientError()).isNotNull();
        assertThat(leafPin.allMessages()).contains("SPKI pin mismatch", "server's own certificate key");
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("providers")
    void pinnedTrustRefusesALeafNotSignedByThePinnedCa(SslProvider s, SslProvider c) throws Exception {
        // a forger sends the real CA certificate (public) after a leaf of its own: the pin matches, the signature does not
        TestPki.Leaf forged = TestPki.Ca.create("Test CA").server("relay", List.of("localhost"), List.of()); // same name, other key
        var outcome = Loopback.connect(
                TlsContexts.server(s, new TlsIdentity(forged.keys().getPrivate(), forged.certificate(), ca.certificate()), List.of(), ClientAuth.NONE),
                TlsContexts.client(c, null, new TrustPolicy.Pinned(SpkiPins.of(ca.certificate()))), "localhost", true);
        assertThat(outcome.clientError()).as("forged leaf accepted").isNotNull();
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("providers")
    void hostnameMismatchIsRefusedOnlyWhenVerifying(SslProvider s, SslProvider c) throws Exception {
        SslContext serverContext = TlsContexts.server(s, server.identityWithCa(), List.of(), ClientAuth.NONE);
        for (TrustPolicy trust : List.of(TrustPolicy.Cas.of(ca.certificate()), new TrustPolicy.Pinned(SpkiPins.of(ca.certificate())))) {
            SslContext clientContext = TlsContexts.client(c, null, trust);
            var wrong = Loopback.connect(serverContext, clientContext, "wrong.test", true);
            assertThat(wrong.clientError()).as("%s: wrong.test accepted", trust).isNotNull();
            assertThat(wrong.allMessages()).containsIgnoringCase("wrong.test");

            var unverified = Loopback.connect(serverContext, clientContext, "wrong.test", false);
            assertThat(unverified.succeeded()).as(trust + ": " + unverified.allMessages()).isTrue();
            var byName = Loopback.connect(serverContext, clientContext, "relay.test", true);
            assertThat(byName.succeeded()).as(byName.allMessages()).isTrue();
            var byIp = Loopback.connect(serverContext, clientContext, "127.0.0.1", true);
            assertThat(byIp.succeeded()).as(byIp.allMessages()).isTrue();
        }
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("providers")
    void aTls12OnlyClientIsRefused(SslProvider s, SslProvider c) throws Exception {
        SslContext tls12 = SslContextBuilder.forClient().sslProvider(c).protocols("TLSv1.2")
                .trustManager(ca.certificate()).build();
        var outcome = Loopback.connect(TlsContexts.server(s, server.identity(), List.of(), ClientAuth.NONE), tls12, "localhost", true);
        assertThat(outcome.serverError()).isNotNull();
        assertThat(outcome.clientError()).isNotNull();
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("providers")
    void alpnSelectionIsVisibleOnBothEnds(SslProvider s, SslProvider c) throws Exception {
        SslContext serverContext = TlsContexts.server(s, server.identity(), List.of(), ClientAuth.NONE, "warren/1", "http/1.1");
        var http = Loopback.connect(serverContext,
                TlsContexts.client(c, null, TrustPolicy.Cas.of(ca.certificate()), "http/1.1"), "localhost", true);
        assertThat(http.succeeded()).as(http.allMessages()).isTrue();
        assertThat(http.serverAlpn()).isEqualTo("http/1.1");
        assertThat(http.clientAlpn()).isEqualTo("http/1.1");

        var warren = Loopback.connect(serverContext,
                TlsContexts.client(c, null, TrustPolicy.Cas.of(ca.certificate()), "warren/1", "http/1.1"), "localhost", true);
        assertThat(warren.clientAlpn()).isEqualTo("warren/1");

        // no protocol in common: the handshake completes without ALPN and the caller decides
        var none = Loopback.connect(serverContext,
                TlsContexts.client(c, null, TrustPolicy.Cas.of(ca.certificate()), "h2"), "localhost", true);
        assertThat(none.succeeded()).as(none.allMessages()).isTrue();
        assertThat(none.clientAlpn()).isNull();
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("providers")
    void insecureTrustAllTrustsAnything(SslProvider s, SslProvider c) throws Exception {
        var outcome = Loopback.connect(
                TlsContexts.server(s, otherCa.server("whatever", List.of("elsewhere.test"), List.of()).identity(), List.of(), ClientAuth.NONE),
                TlsContexts.client(c, null, new TrustPolicy.InsecureTrustAll()), "localhost", true);
        assertThat(outcome.succeeded()).as(outcome.allMessages()).isTrue();
    }

    @ParameterizedTest(name = "{0} leaf, server {1}")
    @MethodSource("keyTypes")
    void everyKeyTypeWarrenIssuesWorks(TestPki.Alg alg, SslProvider s, SslProvider c) throws Exception {
        TestPki.Leaf serverLeaf = ca.leaf(alg, "relay", org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth, List.of("localhost"), List.of());
        TestPki.Leaf clientLeaf = ca.leaf(alg, "device", org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth, List.of(), List.of());
        var outcome = Loopback.connect(
                TlsContexts.server(s, serverLeaf.identity(), List.of(ca.certificate()), ClientAuth.REQUIRE),
                TlsContexts.client(c, clientLeaf.identity(), TrustPolicy.Cas.of(ca.certificate())), "localhost", true);
        assertThat(outcome.succeeded()).as(outcome.allMessages()).isTrue();
    }

    static Stream<Arguments> keyTypes() {
        return Stream.of(TestPki.Alg.EC, TestPki.Alg.RSA).flatMap(alg -> providers().map(p -> Arguments.of(alg, p.get()[0], p.get()[1])));
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("providers")
    void ed25519WorksOnlyWhenNoEndIsBoringSsl(SslProvider s, SslProvider c) throws Exception {
        // BoringSSL does not list ed25519 among the signature algorithms it accepts by default, and netty-tcnative has
        // no switch for it. An Ed25519 leaf fails unless both ends are the JDK; a chain signed by an Ed25519 CA fails
        // whenever the end that checks it runs BoringSSL (the JDK's PKIX check is held to the algorithms that end
        // advertised). So Warren's TLS keys, CA included, are EC P-256.
        boolean bothJdk = s == SslProvider.JDK && c == SslProvider.JDK;
        TestPki.Leaf edLeaf = ca.leaf(TestPki.Alg.ED25519, "relay", org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth, List.of("localhost"), List.of());
        var leaf = Loopback.connect(TlsContexts.server(s, edLeaf.identity(), List.of(), ClientAuth.NONE),
                TlsContexts.client(c, null, TrustPolicy.Cas.of(ca.certificate())), "localhost", true);
        assertThat(leaf.succeeded()).as(leaf.allMessages()).isEqualTo(bothJdk);

        TestPki.Ca edCa = TestPki.Ca.create("Ed25519 CA", TestPki.Alg.ED25519);
        var edCaChain = Loopback.connect(TlsContexts.server(s, edCa.server("relay", List.of("localhost"), List.of()).identity(), List.of(), ClientAuth.NONE),
                TlsContexts.client(c, null, TrustPolicy.Cas.of(edCa.certificate())), "localhost", true);
        assertThat(edCaChain.succeeded()).as(edCaChain.allMessages()).isEqualTo(c == SslProvider.JDK); // the client checks
    }

    @Test
    void bothBoringSslEndsAgreeOnHybridPostQuantumKeyExchange() throws Exception {
        var outcome = Loopback.connect(
                TlsContexts.server(SslProvider.OPENSSL, server.identity(), List.of(), ClientAuth.NONE),
                TlsContexts.client(SslProvider.OPENSSL, null, TrustPolicy.Cas.of(ca.certificate())), "localhost", true);
        assertThat(outcome.succeeded()).as(outcome.allMessages()).isTrue();
        assertThat(outcome.clientGroup()).isEqualTo("X25519MLKEM768");
        assertThat(outcome.serverGroup()).isEqualTo("X25519MLKEM768");
    }

    @ParameterizedTest(name = "server {0}")
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void aJdkPeerFallsBackToX25519(SslProvider boring) throws Exception {
        // the JDK 25 provider has no ML-KEM: BoringSSL must still agree with it, on x25519
        boolean serverIsBoring = boring == SslProvider.OPENSSL;
        var outcome = Loopback.connect(
                TlsContexts.server(serverIsBoring ? SslProvider.OPENSSL : SslProvider.JDK, server.identity(), List.of(), ClientAuth.NONE),
                TlsContexts.client(serverIsBoring ? SslProvider.JDK : SslProvider.OPENSSL, null, TrustPolicy.Cas.of(ca.certificate())),
                "localhost", true);
        assertThat(outcome.succeeded()).as(outcome.allMessages()).isTrue();
        assertThat(serverIsBoring ? outcome.serverGroup() : outcome.clientGroup()).isEqualTo("X25519");
    }

    @ParameterizedTest(name = "server {0}")
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void sessionsResumeWithTheSameContexts(SslProvider s) throws Exception {
        // only BoringSSL tells whether a session was resumed, so the client is OpenSSL; the server is either
        SslContext serverContext = TlsContexts.server(s, server.identity(), List.of(ca.certificate()), ClientAuth.REQUIRE);
        SslContext clientContext = TlsContexts.client(SslProvider.OPENSSL, client.identity(), TrustPolicy.Cas.of(ca.certificate()));
        try (Loopback.Server relay = Loopback.Server.start(serverContext)) {
            var first = relay.connect(clientContext, "localhost", true);
            var second = relay.connect(clientContext, "localhost", true);
            assertThat(first.succeeded()).as(first.allMessages()).isTrue();
            assertThat(second.succeeded()).as(second.allMessages()).isTrue();
            assertThat(first.clientResumed()).isFalse();
            assertThat(second.clientResumed()).as("resumed with a TLS 1.3 ticket").isTrue();
            assertThat(second.clientCertificateSeenByServer()).as("the client identity survives resumption").isEqualTo("CN=device-1");
        }
    }

    @Test
    void aJdkClientResumesToo() throws Exception {
        // the JDK does not say whether it resumed; a BoringSSL server does
        SslContext serverContext = TlsContexts.server(SslProvider.OPENSSL, server.identity(), List.of(ca.certificate()), ClientAuth.REQUIRE);
        SslContext clientContext = TlsContexts.client(SslProvider.JDK, client.identity(), TrustPolicy.Cas.of(ca.certificate()));
        try (Loopback.Server relay = Loopback.Server.start(serverContext)) {
            var first = relay.connect(clientContext, "localhost", true);
            var second = relay.connect(clientContext, "localhost", true);
            assertThat(first.succeeded() && second.succeeded()).as(first.allMessages() + second.allMessages()).isTrue();
            assertThat(first.serverResumed()).isFalse();
            assertThat(second.serverResumed()).isTrue();
        }
    }

    @Test
    void misconfigurationsAreRefusedWithSpecificMessages() {
        assertThatThrownBy(() -> TlsContexts.server(server.identity(), List.of(), ClientAuth.REQUIRE))
                .hasMessage("clientAuth: REQUIRE with no trusted client CAs (expected: NONE, or at least one CA)");
        assertThatThrownBy(() -> new TrustPolicy.Pinned("not-a-pin")).hasMessageContaining("expected: 43 base64url characters");
        assertThatThrownBy(() -> new TrustPolicy.Cas(List.of())).hasMessageContaining("at least one CA");
        SslContext serverContext = TlsContexts.server(server.identity(), List.of(), ClientAuth.NONE);
        assertThatThrownBy(() -> TlsContexts.clientHandler(serverContext, io.netty.buffer.ByteBufAllocator.DEFAULT, "h", 1, true))
                .hasMessageContaining("a server context");
        assertThatThrownBy(() -> TlsContexts.server(server.identity(), List.of(), ClientAuth.NONE, ""))
                .hasMessageContaining("alpn: ''");
    }
}
