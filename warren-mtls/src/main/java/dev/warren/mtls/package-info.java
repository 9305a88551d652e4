/**
 * The mTLS double proxy ({@code warren mtls forward|reverse|run}): programs that speak only a local protocol over a
 * Unix socket (D-Bus, BlueChi) or plain TCP reach each other through TLS 1.3 with client certificates on both sides.
 * Starting points: {@link dev.warren.mtls.MtlsProxy#start} (one process, several tunnels, returns a closeable handle),
 * {@link dev.warren.mtls.MtlsConfig} and {@link dev.warren.mtls.TunnelConfig} (validated records),
 * {@link dev.warren.mtls.MtlsConfigFile} (the YAML form), {@link dev.warren.mtls.Endpoint} ({@code host:port} or
 * {@code unix:/path}), {@link dev.warren.mtls.PeerNamePattern} (who may connect).
 */
package dev.warren.mtls;
