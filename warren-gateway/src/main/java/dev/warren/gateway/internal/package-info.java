/** Gateway internals: request handling, allow-lists, htpasswd verification and the byte pump. */
package dev.warren.gateway.internal;
