/**
 * Network helpers for tests: {@link dev.warren.testing.net.FreePorts} for a free loopback port,
 * {@link dev.warren.testing.net.EchoServer} as a TCP target that honours half-close, and
 * {@link dev.warren.testing.net.RandomFiles} with {@link dev.warren.testing.net.Checksums} to move
 * reproducible data through a tunnel and check that it arrived whole.
 */
package dev.warren.testing.net;
