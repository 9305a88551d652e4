package dev.warren.testing.net;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Files of reproducible pseudo-random bytes: the same size and seed always give the same content. */
public final class RandomFiles {
    private RandomFiles() {}

    /**
     * Writes {@code bytes} pseudo-random bytes drawn from {@code seed} to {@code file} (replacing it),
     * creating missing parent directories, and returns the file.
     */
    public static Path create(Path file, long bytes, long seed) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
        }
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[64 * 1024];
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                for (long left = bytes; left > 0; ) {
                    random.nextBytes(block);
                    int n = (int) Math.min(block.length, left);
                    out.write(block, 0, n);
                    left -= n;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + bytes + " random bytes to " + file, e);
        }
        return file;
    }
}
