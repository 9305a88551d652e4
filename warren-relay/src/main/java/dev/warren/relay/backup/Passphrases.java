package dev.warren.relay.backup;

import dev.warren.pki.PassphraseEncryption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a backup passphrase from a file: the first line, without its line break; never logged or echoed. */
public final class Passphrases {
    private Passphrases() {}

    public static char[] read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("passphrase file " + file + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
        int nl = text.indexOf('\n');
        String line = (nl < 0 ? text : text.substring(0, nl)).replace("\r", "");
        if (line.length() < PassphraseEncryption.MIN_PASSPHRASE) {
            throw new IOException("passphrase file " + file + ": **** (expected: a first line of at least "
                    + PassphraseEncryption.MIN_PASSPHRASE + " characters)");
        }
        return line.toCharArray();
    }
}
