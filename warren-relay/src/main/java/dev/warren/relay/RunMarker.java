package dev.warren.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A file in the data directory that exists while the relay runs and is removed by a clean stop, so that a start can
 * tell that the previous run was killed. The audit trail is written behind the streams (a linger, then the embedded
 * database's own write delay): a killed relay may lose the events of its last moments, and this makes that loss a
 * recorded fact ({@code relay.recovered}, {@code cleanStop: false}) rather than a silent one.
 */
final class RunMarker {
    static final String FILE = "relay.running";

    private final Path file;
    private final String previous;

    private RunMarker(Path file, String previous) {
        this.file = file;
        this.previous = previous;
    }

    /** Notes that a run starts now; remembers whether the last one left its marker behind. */
    static RunMarker begin(Path dataDir, Instant now) {
        Path file = dataDir.resolve(FILE);
        try {
            String previous = Files.exists(file) ? Files.readString(file).strip() : null;
            Files.writeString(file, "started " + now + " pid " + ProcessHandle.current().pid() + "\n");
            return new RunMarker(file, previous);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** True when the previous run ended without a clean stop (its marker was still there). */
    boolean previousRunKilled() {
        return previous != null;
    }

    /** What the previous run's marker said ("started … pid …"); null after a clean stop. */
    String previousRun() {
        return previous;
    }

    /** A clean stop: everything queued was written. */
    void end() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }
}
