/**
 * How the double proxy works inside: {@code ProxyServer} binds each tunnel's listener, {@code ReverseInitializer} and
 * {@code ForwardInitializer} wire a connection's pipeline, {@code Splice} moves bytes between the two channels with
 * auto-read back-pressure and half-close, {@code TlsMaterial} holds the certificate, key and CA that new connections use
 * and swaps them on reload ({@code FileWatch}, SIGHUP), {@code PeerTrustManager} decides who is refused and why,
 * {@code ProxyHeaders} builds the PROXY v2 header, {@code StatusServer} answers /healthz and /metrics.
 */
package dev.warren.mtls.internal;
