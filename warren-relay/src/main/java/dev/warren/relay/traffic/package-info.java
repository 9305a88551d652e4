/**
 * Traffic history: {@link dev.warren.relay.traffic.TrafficRecorder} counts bytes each way and sessions opened per
 * device and service in minute buckets, in memory, and writes what it counted every few seconds as one batch through
 * the store's {@code WriteBehind}; it also rolls minutes older than a day up into hours and purges what is older than
 * the retention.
 */
package dev.warren.relay.traffic;
