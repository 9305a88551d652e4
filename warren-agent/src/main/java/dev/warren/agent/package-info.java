/**
 * The device agent. Starting points: {@link dev.warren.agent.Enrollment} ({@code warren agent enroll}) and
 * {@link dev.warren.agent.Agent} ({@code warren agent run}: dial out, reconnect forever, serve configured services).
 */
package dev.warren.agent;
