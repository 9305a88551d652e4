/**
 * TLS for every Warren component: {@link dev.warren.common.tls.TlsContexts} (TLS 1.3 server and client contexts
 * and handlers, OpenSSL or JDK), {@link dev.warren.common.tls.TlsIdentity} (key and chain),
 * {@link dev.warren.common.tls.TrustPolicy} (CAs, an SPKI pin, or explicitly nothing) and
 * {@link dev.warren.common.tls.SpkiPins}.
 */
package dev.warren.common.tls;
