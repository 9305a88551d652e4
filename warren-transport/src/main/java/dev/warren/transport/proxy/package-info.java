/**
 * Reaching the relay through a proxy: HTTP CONNECT (Basic auth, sent at once) and SOCKS5 (name resolved by the
 * proxy), chosen by flag or by {@code HTTPS_PROXY}/{@code NO_PROXY}, with credentials from the URL or an owner-only
 * file; failures in words (credentials refused, forbidden, unreachable) and passwords never shown.
 */
package dev.warren.transport.proxy;
