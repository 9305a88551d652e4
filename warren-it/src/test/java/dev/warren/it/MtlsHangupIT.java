package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.testing.net.EchoServer;
import dev.warren.testing.net.FreePorts;
import dev.warren.testing.openssh.ProcessResult;
import dev.warren.testing.openssh.Processes;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGHUP and {@code warren mtls} with the real jar, beyond the plain reload ({@code MtlsDoubleProxyIT}): started under
 * nohup the process cannot take SIGHUP at all (the JVM leaves an inherited ignore alone) and its log says so, and a
 * HUP that comes while the proxy is still starting is a reload once it runs, not the JVM's default stop.
 */
class MtlsHangupIT {
    static Path dir;
    static WarrenCli cli;
    static EchoServer echo;
    static Process feeder;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("warren-mtls-hup-");
        cli = new WarrenCli(dir);
        echo = EchoServer.start();
        WarrenCli.ok(cli.run(Duration.ofSeconds(60), "pki", "init", "--dir", "pki", "--name", "Hup CA"));
        WarrenCli.ok(cli.run(Duration.ofSeconds(60), "pki", "issue", "--dir", "pki", "--name", "ctl", "--dns", "ctl.test",
                "--server"));
    }

    @AfterAll
    static void stop() {
        if (feeder != null) {
            Processes.destroyTree(feeder);
        }
        if (cli != null) {
            cli.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    @Test
    void underNohupTheLogSaysSighupIsIgnoredAndFileChangesStillReload() throws Exception {
        int port = FreePorts.next();
        Process p = cli.startThrough(List.of("nohup"), "nohup", "mtls", "reverse", "--listen", "127.0.0.1:" + port,
                "--connect", "127.0.0.1:" + echo.port(), "--cert", "pki/ctl.crt", "--key", "pki/ctl.key",
                "--ca", "pki/ca.crt", "--allow-any-name");
        awaitLog("nohup", "tunnel reverse: reverse 127.0.0.1:" + port);
        assertThat(cli.log("nohup").lines().filter(l -> l.contains("SIGHUP is ignored in this process")).toList())
                .singleElement().satisfies(l -> assertThat(l).contains("WARN", "under nohup?",
                        "kill -HUP does not reload the certificates; they are still reloaded when their files change"
                                + " (checked every 2s)", "setsid"));

        ok(run("kill", "-HUP", String.valueOf(p.pid())));
        WarrenCli.ok(cli.run(Duration.ofSeconds(60), "pki", "renew", "--dir", "pki", "--name", "ctl"));
        awaitLog("nohup", "tunnel reverse: reloaded certificate and CA (file change): CN=ctl");
        assertThat(p.isAlive()).isTrue();
        assertThat(cli.log("nohup")).doesNotContain("SIGHUP: reading");
    }

    @Test
    void aSighupWhileStartingIsAReloadOnceRunning() throws Exception {
        // the CA file is a FIFO: the start blocks reading it until this test writes it, so the HUP lands mid-start
        Path fifo = dir.resolve("ca.fifo");
        ok(run("mkfifo", fifo.toString()));
        int port = FreePorts.next();
        Process p = cli.start("starting", "mtls", "reverse", "--listen", "127.0.0.1:" + port,
                "--connect", "127.0.0.1:" + echo.port(), "--cert", "pki/ctl.crt", "--key", "pki/ctl.key",
                "--ca", fifo.toString(), "--allow-any-name");
        CompletableFuture<OutputStream> reading = CompletableFuture.supplyAsync(() -> {
            try {
                return new FileOutputStream(fifo.toFile()); // returns once the proxy opened the CA to read it
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        OutputStream ca;
        try {
            ca = reading.get(90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            try (InputStream unblock = Files.newInputStream(fifo)) { // lets the blocked open return
                unblock.transferTo(OutputStream.nullOutputStream());
            }
            throw new AssertionError("the proxy never read its CA file: " + cli.log("starting"), e);
        }
        try (ca) {
            ok(run("kill", "-HUP", String.valueOf(p.pid())));
            Thread.sleep(500); // the HUP's handler (or, without one, the JVM's stop) runs first
            ca.write(Files.readAllBytes(dir.resolve("pki/ca.crt")));
        } catch (IOException e) {
            p.waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("the proxy stopped on a HUP during its start (" + (p.isAlive() ? "alive" : "exit "
                    + p.exitValue()) + "): " + cli.log("starting"), e);
        }
        // the start and the reload read the CA again: serve it for as long as they ask
        feeder = new ProcessBuilder("sh", "-c", "while :; do cat pki/ca.crt > " + fifo + "; done")
                .directory(dir.toFile()).start();

        awaitLog("starting", "tunnel reverse: reverse 127.0.0.1:" + port);
        awaitLog("starting", "SIGHUP: reading the certificate files again");
        assertThat(p.isAlive()).isTrue();
        assertThat(cli.log("starting")).doesNotContain("SIGHUP is ignored");
    }

    private static void awaitLog(String name, String text) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(cli.log(name)).contains(text));
    }

    private static ProcessResult run(String... cmd) {
        return Processes.run(new ProcessBuilder(cmd).directory(dir.toFile()), Duration.ofSeconds(30));
    }

    private static void ok(ProcessResult r) {
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }
}
