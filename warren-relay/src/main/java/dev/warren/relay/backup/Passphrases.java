package dev.warren.relay.backup;

import dev.warren.common.text.IoErrors;
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
            throw new IOException("passphrase file " + file + ": " + IoErrors.reason(e), e);
        }
        int nl = text.indexOf('\n');
        String line = (nl < 0 ? text : text.substring(0, nl)).replace("\r", "");
        if (line.length() < PassphraseEncryption.MIN_PASSPHRASE) {
            // its length is not said: a rejected passphrase is still somebody's passphrase
            throw new IOException("passphrase file " + file + ": the first line is too short (expected: at least "
                    + PassphraseEncryption.MIN_PASSPHRASE + " characters)");
        }
        return line.toCharArray();
    }
}
