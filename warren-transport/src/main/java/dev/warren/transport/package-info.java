/**
 * How sessions reach the relay and how streams meet sockets. Starting points: {@link dev.warren.transport.RelayDialer}
 * (dial a relay and get a ready session), {@link dev.warren.transport.SessionPipeline} (the protocol on a channel),
 * {@link dev.warren.transport.StreamBridge} (socket to stream) and {@link dev.warren.transport.StreamJoin} (stream to
 * stream, the relay's join).
 */
package dev.warren.transport;
