package dev.warren.gateway.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;

/** What every connection's handler shares: the rules, the credentials, the limits and the blocking-work executors. */
public record GatewayContext(AccessPolicy policy, Authenticator authenticator, ConnectionLimiter limiter,
        String realm, Duration headerTimeout, Duration idleTimeout, Duration connectTimeout,
        ExecutorService bcrypt, ExecutorService dns) {}
