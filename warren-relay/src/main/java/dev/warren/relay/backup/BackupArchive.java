package dev.warren.relay.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The backup file: a ZIP holding {@code manifest.json} (format version, when, which node, the SHA-256 of every other
 * entry), {@code store.zip} (H2's own online backup of the embedded database) and the relay's files that the store
 * does not hold: its CA and server certificate and keys, its node id and the JSON-lines audit log. Restoring checks
 * every sum before anything is written, and takes only the entries it knows (no path from the archive is trusted).
 */
final class BackupArchive {
    static final int FORMAT = 1;
    static final String MANIFEST = "manifest.json";
    static final String STORE = "store.zip";
    /** The relay's files beside the store, by their name in the data directory; those marked true must exist. */
    static final Map<String, Boolean> FILES = orderedFiles();
    private static final ObjectMapper JSON = new ObjectMapper();

    private BackupArchive() {}

    private static Map<String, Boolean> orderedFiles() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put("ca.crt", true);
        m.put("ca.key", true);
        m.put("server.crt", false);
        m.put("server.key", false);
        m.put("node.id", false);
        m.put("audit.log", false);
        m.put("admin.token", false);
        return m;
    }

    /** Writes the archive of {@code dataDir} with the store snapshot {@code storeZip} onto {@code out}. */
    static void write(Path dataDir, Path storeZip, OutputStream out, String nodeId, Instant at) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            sums.put(STORE, copyIn(zip, STORE, storeZip));
            for (Map.Entry<String, Boolean> f : FILES.entrySet()) {
                Path file = dataDir.resolve(f.getKey());
                if (Files.isRegularFile(file)) {
                    sums.put(f.getKey(), copyIn(zip, f.getKey(), file));
                } else if (f.getValue()) {
                    throw new IOException(file + " is missing (expected: the relay's data directory, with its CA)");
                }
            }
            ObjectNode manifest = JSON.createObjectNode().put("format", FORMAT).put("createdAt", at.toString())
                    .put("node", nodeId).put("store", "h2");
            ObjectNode files = manifest.putObject("sha256");
            sums.forEach(files::put);
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.closeEntry();
        }
    }

    private static String copyIn(ZipOutputStream zip, String name, Path file) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(zip);
        }
        zip.closeEntry();
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Reads the archive into {@code staging} (an empty directory), checking every entry against the manifest; returns
     * the manifest's fields. Unknown entries, a missing or wrong sum, or a missing CA are errors, and then nothing of
     * it is used.
     */
    static Map<String, String> readInto(InputStream in, Path staging) throws IOException {
        Map<String, String> actual = new HashMap<>();
        byte[] manifestBytes = null;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                if (name.equals(MANIFEST)) {
                    manifestBytes = zip.readNBytes(1 << 20);
                } else if (name.equals(STORE) || FILES.containsKey(name)) {
                    MessageDigest sha = sha256();
                    try (OutputStream out = Files.newOutputStream(OwnerOnly.createFile(staging.resolve(name)))) {
                        new DigestInputStream(zip, sha).transferTo(out);
                    }
                    actual.put(name, HexFormat.of().formatHex(sha.digest()));
                } else {
                    throw new IOException("backup holds an unexpected entry '" + name.replaceAll("\\p{Cntrl}", "?")
                            + "' (expected: " + MANIFEST + ", " + STORE + ", " + String.join(", ", FILES.keySet()) + ")");
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException("not a Warren backup (not a ZIP archive: " + e.getMessage() + ")", e);
        }
        if (manifestBytes == null) {
            throw new IOException("not a Warren backup (no " + MANIFEST + ")");
        }
        ObjectNode manifest = (ObjectNode) JSON.readTree(manifestBytes);
        if (manifest.path("format").asInt() != FORMAT) {
            throw new IOException("backup format " + manifest.path("format") + " (expected: " + FORMAT + ")");
        }
        Map<String, String> expected = new HashMap<>();
        manifest.path("sha256").fields().forEachRemaining(f -> expected.put(f.getKey(), f.getValue().asText()));
        if (!expected.equals(actual)) {
            throw new IOException("backup is damaged: the SHA-256 sums of " + differing(expected, actual)
                    + " do not match its manifest");
        }
        for (String required : List.of(STORE, "ca.crt", "ca.key")) {
            if (!actual.containsKey(required)) {
                throw new IOException("backup has no " + required);
            }
        }
        return Map.of("createdAt", manifest.path("createdAt").asText(), "node", manifest.path("node").asText());
    }

    private static String differing(Map<String, String> expected, Map<String, String> actual) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(expected.keySet());
        names.addAll(actual.keySet());
        names.removeIf(n -> java.util.Objects.equals(expected.get(n), actual.get(n)));
        return String.join(", ", names);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
