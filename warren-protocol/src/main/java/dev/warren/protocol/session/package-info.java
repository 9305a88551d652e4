/**
 * Streams over one connection: {@link dev.warren.protocol.session.MuxSession} (the pipeline's last handler: HELLO,
 * streams, flow control, keep-alive, GOAWAY), {@link dev.warren.protocol.session.MuxStream} (one stream; thread-safe
 * methods), {@link dev.warren.protocol.session.StreamHandler} and {@link dev.warren.protocol.session.SessionListener}
 * (what the application does with them).
 */
package dev.warren.protocol.session;
