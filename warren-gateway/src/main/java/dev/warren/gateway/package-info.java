/**
 * The egress gateway ({@code warren gateway}): an HTTP CONNECT proxy with Basic auth (htpasswd or a generated
 * password), destination and source allow-lists, a resolved-address deny list and connection bounds, for OT networks
 * whose only way out should be the relay. Start it with {@link dev.warren.gateway.Gateway#start}.
 */
package dev.warren.gateway;
