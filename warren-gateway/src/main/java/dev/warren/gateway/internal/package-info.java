/** How the gateway works inside: rules, htpasswd, credentials cache, CONNECT handling, limits and the byte splice. */
package dev.warren.gateway.internal;
