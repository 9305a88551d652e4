package dev.warren.lockdown.internal;

import dev.warren.lockdown.LockdownException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code nft} program: load, check, list and delete Warren's table. Listing is stateless ({@code -s}: no counter
 * values), so two listings of the same rules are the same text.
 */
public final class Nft {
    private static final String TABLE = "inet warren";
    private static final long TIMEOUT_SECONDS = 30;

    private final String executable;

    private Nft(String executable) {
        this.executable = executable;
    }

    /** {@code $WARREN_NFT}, else {@code nft} from the PATH, {@code /usr/sbin} or {@code /sbin}; a clear error if none. */
    public static Nft find() {
        String chosen = System.getenv("WARREN_NFT");
        if (chosen != null && !chosen.isBlank()) {
            if (!Files.isExecutable(Path.of(chosen))) {
                throw new LockdownException("WARREN_NFT=" + chosen + " is not an executable: install nftables or fix WARREN_NFT");
            }
            return new Nft(chosen);
        }
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        for (String dir : dirs) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "nft");
            if (Files.isExecutable(candidate)) {
                return new Nft(candidate.toString());
            }
        }
        throw new LockdownException("nft is not installed (looked in PATH, /usr/sbin and /sbin): install nftables"
                + " (Debian/Ubuntu: apt-get install nftables)");
    }

    /** Fails with a clear message unless this process runs as root (nft needs CAP_NET_ADMIN). */
    public static void requireRoot(String what) {
        if (!"0".equals(effectiveUid())) {
            throw new LockdownException(what + " needs root (CAP_NET_ADMIN to change nftables): run it with sudo");
        }
    }

    private static String effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2];
                }
            }
        } catch (IOException e) {
            // not Linux: nft itself will say
        }
        return System.getProperty("user.name").equals("root") ? "0" : "?";
    }

    /** Warren's table as nft prints it now, or empty when there is none. */
    public Optional<String> listTable() {
        Result r = run(null, executable, "-s", "list", "table", "inet", "warren");
        if (r.code == 0) {
            return Optional.of(r.out);
        }
        if (r.err.contains("No such file or directory") || r.err.contains("does not exist")) {
            return Optional.empty();
        }
        throw failure("nft list table " + TABLE, r);
    }

    /** Loads a script in one transaction ({@code nft -f -}). */
    public void load(String script) {
        Result r = run(script, executable, "-f", "-");
        if (r.code != 0) {
            throw failure("nft -f", r);
        }
    }

    /** Checks a script without loading it ({@code nft -c -f -}); the error when nft refuses it. */
    public Optional<String> check(String script) {
        Result r = run(script, executable, "-c", "-f", "-");
        return r.code == 0 ? Optional.empty() : Optional.of(r.err.strip());
    }

    /** Deletes Warren's table if it exists; true if there was one. Other tables are not touched. */
    public boolean deleteTable() {
        if (listTable().isEmpty()) {
            return false;
        }
        Result r = run(null, executable, "delete", "table", "inet", "warren");
        if (r.code != 0) {
            throw failure("nft delete table " + TABLE, r);
        }
        return true;
    }

    /**
     * The script's table as nft would list it once loaded, without touching this host's rules: it is loaded in a
     * new, empty network namespace ({@code unshare --net}) and listed there.
     */
    public String normalise(String script) {
        Result r = run(script, "unshare", "--net", "--", "sh", "-c",
                "\"$0\" -f - && \"$0\" -s list table inet warren", executable);
        if (r.code != 0) {
            throw failure("loading the new rules in a scratch network namespace (unshare --net nft -f)", r);
        }
        return r.out;
    }

    private static LockdownException failure(String what, Result r) {
        String err = r.err.strip();
        if (err.contains("Operation not permitted")) {
            return new LockdownException(what + ": not permitted; run as root (CAP_NET_ADMIN)");
        }
        return new LockdownException(what + " failed (exit " + r.code + "): " + (err.isEmpty() ? r.out.strip() : err));
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String stdin, String... command) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new LockdownException("cannot run " + command[0] + ": " + e.getMessage(), e);
        }
        try {
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LockdownException(command[0] + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new LockdownException("cannot talk to " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LockdownException("interrupted while running " + command[0], e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                return bytes.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
