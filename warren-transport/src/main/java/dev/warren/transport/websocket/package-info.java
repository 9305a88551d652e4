/**
 * The WebSocket binding of the Warren protocol: an HTTP/1.1 upgrade at {@code /api/v1/tunnel} (subprotocol
 * {@code warren/1}) on the relay's TLS port, after which the payloads of binary messages, in order, are the Warren
 * byte stream. For networks where only HTTPS passes.
 */
package dev.warren.transport.websocket;
