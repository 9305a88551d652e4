/**
 * Benchmarks run from {@code bench/}. Starting point: {@link dev.warren.bench.AgentSimulator} (the many-agents side of
 * {@code bench/relay-memory.sh}).
 */
package dev.warren.bench;
