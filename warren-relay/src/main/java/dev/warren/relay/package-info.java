/**
 * The relay. Starting point: {@link dev.warren.relay.RelayServer#start(RelayConfig)}. One TLS port
 * ({@code PortInitializer}) carries agent and operator sessions ({@code RelaySessionListener}) and the REST API;
 * {@code StreamRouter} joins an operator's stream to a connected agent's service and records the session.
 */
package dev.warren.relay;
