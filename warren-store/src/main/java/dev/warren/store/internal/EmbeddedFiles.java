package dev.warren.store.internal;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an embedded database's files owner-only (rw-------). Their directory is already rwx------
 * ({@code StoreConfig.embedded}); this is the second fence, for files H2 created under a wide umask.
 */
final class EmbeddedFiles {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedFiles.class);
    private static final String FILE_PREFIX = "jdbc:h2:file:";

    private EmbeddedFiles() {}

    static void restrict(String jdbcUrl) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!jdbcUrl.startsWith(FILE_PREFIX) || !posix) {
            return;
        }
        String path = jdbcUrl.substring(FILE_PREFIX.length());
        int options = path.indexOf(';');
        Path db = Path.of(options < 0 ? path : path.substring(0, options));
        Path dir = db.toAbsolutePath().getParent();
        String name = db.getFileName().toString();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> own = files.filter(f -> f.getFileName().toString().startsWith(name) && Files.isRegularFile(f))
                    .toList();
            for (Path f : own) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException | RuntimeException e) {
            // the directory is owner-only already; say so but keep the store running
            log.warn("could not make the files of {} owner-only: {}", db, e.toString());
        }
    }
}
