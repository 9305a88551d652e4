/**
 * How the double proxy works inside: {@code TunnelServer} binds each tunnel's listener and builds an accepted
 * connection's pipeline, {@code ForwardConnector} and {@code ReverseConnector} dial the other side once the peer is
 * checked, {@code SplicedPair} and {@code Splice} move bytes between the two channels with auto-read back-pressure and
 * half-close ({@code BeforeSplice} keeps what arrives before), {@code TlsMaterial} holds the certificate, key and CA
 * that new connections use and swaps them on reload (the files compared every reload-check by {@code MtlsProxy}, or
 * SIGHUP), {@code PeerTrustManager} decides who is refused and why, {@code ProxyHeaders} builds the PROXY v2 header,
 * {@code StatusServer} answers /healthz and /metrics.
 */
package dev.warren.mtls.internal;
