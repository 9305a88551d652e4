package dev.warren.gateway.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every connection's handler shares: the rules, the credentials, the limits, the blocking-work executors, and
 * whether the gateway is stopping (a connection it closes then is logged as such).
 */
public record GatewayContext(AccessPolicy policy, Authenticator authenticator, ConnectionLimiter limiter,
        String realm, Duration headerTimeout, Duration idleTimeout, Duration connectTimeout,
        ExecutorService bcrypt, ExecutorService dns, AtomicBoolean stopping) {}
