package dev.warren.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real openssl command line, bounded in time. */
final class Openssl {

    record Result(int exit, String output) {}

    private Openssl() {}

    static Result run(Path dir, String... args) {
        return exec(dir, List.of(args));
    }

    /** Runs {@code sh -c script} in {@code dir}, for pipelines. */
    static Result shell(Path dir, String script) {
        return exec(dir, List.of("sh", "-c", script));
    }

    private static Result exec(Path dir, List<String> command) {
        List<String> full = command.getFirst().equals("sh") ? command
                : java.util.stream.Stream.concat(java.util.stream.Stream.of("openssl"), command.stream()).toList();
        try {
            Process process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            // read while it runs, so a chatty command cannot fill the pipe and stall
            var output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "(output unreadable: " + e + ")";
                }
            });
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + full);
            }
            return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("cannot run " + full, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + full, e);
        }
    }

    /** Runs openssl and insists it succeeds; returns what it printed. */
    static String ok(Path dir, String... args) {
        Result result = run(dir, args);
        if (result.exit() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " exited " + result.exit() + ":\n" + result.output());
        }
        return result.output();
    }
}
