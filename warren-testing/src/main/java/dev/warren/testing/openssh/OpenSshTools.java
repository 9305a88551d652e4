package dev.warren.testing.openssh;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that an OpenSSH program is installed; a test that needs one fails (never skips) without it. */
final class OpenSshTools {
    private OpenSshTools() {}

    static void require(Path program, String debianPackage) {
        if (!Files.isExecutable(program)) {
            throw new IllegalStateException(program + " not found: install " + debianPackage
                    + " (listed in .ci/packages.txt), which ./build test does");
        }
    }
}
