/**
 * The relay. Starting point: {@link dev.warren.relay.RelayServer#start(RelayConfig)}. One TLS port
 * ({@code PortInitializer}) carries agent and operator sessions ({@code RelaySessionListener}) and the REST API;
 * {@code StreamRouter} joins an operator's stream to a connected agent's service and records the session.
 * {@link dev.warren.relay.OperationsConfig} sets what runs beside: traffic history ({@code relay.traffic}), metrics and
 * health ({@code relay.metrics}), backups ({@code relay.backup}, answered on the control socket by
 * {@code LocalCommands}) and published ports ({@code PortPublisher}, {@code PublishedConnection}).
 */
package dev.warren.relay;
