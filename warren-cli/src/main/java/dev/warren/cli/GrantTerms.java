package dev.warren.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * What a grant covers and why: the options that {@code warren admin grant create} and {@code warren access request}
 * share (a request becomes a grant with the same terms when an admin approves it).
 */
final class GrantTerms {
    @Option(names = "--device", required = true, paramLabel = "DEVICE|KEY=VALUE[,...]",
            description = "A device (name or id), or a label selector: every device with those labels.")
    String device;

    @Option(names = "--service", paramLabel = "SERVICE", required = true, description = "A service name, or '*' for every service.")
    String service;

    @Option(names = "--for", required = true, converter = GrantDurations.class, paramLabel = "DURATION",
            description = "How long, e.g. 30m, 8h (at most 90d).")
    Duration duration;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why, e.g. a ticket number (kept in the audit trail).")
    String reason;
}
