package dev.warren.protocol.session;

import dev.warren.protocol.frame.Settings;
import java.time.Duration;

/**
 * How one side runs its sessions.
 *
 * @param settings what this side advertises in HELLO (frame size, initial window, stream limit, keep-alive)
 * @param maxWindow how far window auto-tuning may grow a stream's receive window
 * @param helloTimeout how long to wait for the peer's HELLO
 */
public record SessionConfig(Settings settings, int maxWindow, Duration helloTimeout) {
    public static final SessionConfig DEFAULTS = new SessionConfig(Settings.DEFAULTS, 16 << 20, Duration.ofSeconds(10));

    public SessionConfig {
        if (settings == null || helloTimeout == null) {
            throw new IllegalArgumentException("settings and helloTimeout are required");
        }
        if (maxWindow < settings.initialWindow()) {
            throw new IllegalArgumentException(
                    "maxWindow: " + maxWindow + " (expected: >= initialWindow " + settings.initialWindow() + ")");
        }
        if (helloTimeout.isNegative() || helloTimeout.isZero()) {
            throw new IllegalArgumentException("helloTimeout: " + helloTimeout + " (expected: > 0)");
        }
    }

    public Duration keepaliveInterval() {
        return Duration.ofMillis(settings.keepaliveMillis());
    }

    /** A session that hears nothing for three keep-alive intervals is dead. */
    public Duration keepaliveTimeout() {
        return keepaliveInterval().multipliedBy(3);
    }

    public SessionConfig withKeepalive(Duration interval) {
        return new SessionConfig(settings.withKeepaliveMillis((int) interval.toMillis()), maxWindow, helloTimeout);
    }

    public SessionConfig withSettings(Settings newSettings) {
        return new SessionConfig(newSettings, Math.max(maxWindow, newSettings.initialWindow()), helloTimeout);
    }

    public SessionConfig withMaxWindow(int window) {
        return new SessionConfig(settings, window, helloTimeout);
    }
}
