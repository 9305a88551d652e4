/**
 * The Warren wire protocol (docs/PROTOCOL.md). Starting points: {@link dev.warren.protocol.frame.FrameType} (the
 * frame registry), {@link dev.warren.protocol.frame.FrameDecoder}/{@link dev.warren.protocol.frame.FrameEncoder},
 * and {@link dev.warren.protocol.session.MuxSession}, which runs streams and flow control over one connection.
 */
package dev.warren.protocol;
