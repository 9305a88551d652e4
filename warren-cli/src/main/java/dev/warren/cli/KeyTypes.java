package dev.warren.cli;

import dev.warren.pki.KeyAlgorithm;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** {@code --key-type}: ec, ed25519 or rsa. */
final class KeyTypes implements ITypeConverter<KeyAlgorithm> {
    @Override
    public KeyAlgorithm convert(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "ec", "ecdsa", "p-256", "p256" -> KeyAlgorithm.EC_P256;
            case "ed25519" -> KeyAlgorithm.ED25519;
            case "rsa", "rsa3072" -> KeyAlgorithm.RSA_3072;
            // picocli names the option; BadValue keeps it from adding the exception's class name
            default -> throw BadValue.of("'" + value + "' (expected: ec, ed25519 or rsa)");
        };
    }
}
