/**
 * Frames and their codec: {@link dev.warren.protocol.frame.FrameType} is the registry,
 * {@link dev.warren.protocol.frame.FrameDecoder} and {@link dev.warren.protocol.frame.FrameEncoder} the pipeline
 * handlers. Layout and grammar: docs/PROTOCOL.md.
 */
package dev.warren.protocol.frame;
