package dev.warren.gateway.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The users of an Apache htpasswd file. bcrypt ({@code $2y$}, {@code $2a$}, {@code $2b$}) is accepted; {@code {SHA}}
 * and plain text only with {@code allowWeak}. MD5 ({@code $apr1$}) and DES crypt are refused outright (not
 * implemented). The hashes never leave this class.
 */
public final class Htpasswd {
    private final Map<String, String> hashes;

    private Htpasswd(Map<String, String> hashes) {
        this.hashes = Map.copyOf(hashes);
    }

    public static Htpasswd load(Path file, boolean allowWeak) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), allowWeak, file.toString());
    }

    /** A single user with a password known only as its bcrypt hash (generated credentials). */
    public static Htpasswd single(String user, String bcryptHash) {
        return new Htpasswd(Map.of(user, bcryptHash));
    }

    static Htpasswd parse(String text, boolean allowWeak, String where) {
        Map<String, String> hashes = new HashMap<>();
        int lineNo = 0;
        for (String line : text.split("\r?\n")) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            int colon = l.indexOf(':');
            if (colon <= 0) throw new IllegalArgumentException(where + ":" + lineNo + ": expected USER:HASH");
            String user = l.substring(0, colon), hash = l.substring(colon + 1);
            String scheme = scheme(hash);
            if (scheme.equals("md5") || scheme.equals("crypt"))
                throw new IllegalArgumentException(where + ":" + lineNo + ": user " + user + " uses " + scheme + ", which is not supported; use htpasswd -B (bcrypt)");
            if (!scheme.equals("bcrypt") && !allowWeak)
                throw new IllegalArgumentException(where + ":" + lineNo + ": user " + user + " uses a weak hash (" + scheme + "); use htpasswd -B (bcrypt) or --allow-weak-hashes");
            if (hashes.put(user, hash) != null) throw new IllegalArgumentException(where + ":" + lineNo + ": user " + user + " appears twice");
        }
        if (hashes.isEmpty()) throw new IllegalArgumentException(where + ": no users");
        return new Htpasswd(hashes);
    }

    static String scheme(String hash) {
        if (hash.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) return "bcrypt";
        if (hash.startsWith("$apr1$") || hash.startsWith("$1$")) return "md5";
        if (hash.startsWith("{SHA}")) return "sha1";
        if (hash.matches("[./A-Za-z0-9]{13}")) return "crypt";
        return "plain";
    }

    public int size() {
        return hashes.size();
    }

    boolean isBcrypt(String user) {
        String h = hashes.get(user);
        return h != null && scheme(h).equals("bcrypt");
    }

    /** Checks a password; comparisons that depend on the secret are constant-time. */
    public boolean verify(String user, char[] password) {
        String hash = hashes.get(user);
        if (hash == null) return false;
        return switch (scheme(hash)) {
            case "bcrypt" -> OpenBSDBCrypt.checkPassword(hash, password);
            case "sha1" -> MessageDigest.isEqual(hash.substring(5).getBytes(StandardCharsets.US_ASCII),
                    Base64.getEncoder().encode(sha1(new String(password).getBytes(StandardCharsets.UTF_8))));
            case "plain" -> MessageDigest.isEqual(hash.getBytes(StandardCharsets.UTF_8), new String(password).getBytes(StandardCharsets.UTF_8));
            default -> false;
        };
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Htpasswd[" + hashes.size() + " users]";
    }
}
