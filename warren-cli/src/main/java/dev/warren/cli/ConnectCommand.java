package dev.warren.cli;

import dev.warren.client.LocalForwarder;
import dev.warren.client.OperatorClient;
import dev.warren.client.Refusal;
import dev.warren.client.StdioForwarder;
import dev.warren.common.net.HostPort;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.StreamRefusedException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warren connect DEVICE SERVICE}: a local port, or stdin/stdout, joined to one service of one device. */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = {"Join a local port (--listen) or standard input/output (--stdio) to a service of a device.",
            "As an OpenSSH ProxyCommand: ssh -o ProxyCommand='warren connect --stdio %%h ssh' root@dev-42"})
final class ConnectCommand implements Callable<Integer> {
    /** How long a stop waits for a --stdio stream already ending (stdin at its end, the far end closing) to end. */
    private static final Duration ENDING_GRACE = Duration.ofMillis(200);

    @Parameters(index = "0", paramLabel = "DEVICE", description = "Device name (or id).")
    String device;

    @Parameters(index = "1", paramLabel = "SERVICE", description = "Service name the device exposes, e.g. ssh.")
    String service;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--listen", paramLabel = "HOST:PORT", converter = HostPorts.class,
                description = "Listen here; each connection becomes a stream.")
        HostPort listen;

        @Option(names = "--stdio", description = "Use standard input and output (one stream), e.g. as ProxyCommand.")
        boolean stdio;
    }

    @Mixin
    OperatorOptions operator;

    /** Counted down once the session and its streams are closed: what a stop waits for before the JVM exits. */
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        try (OperatorClient client = new OperatorClient(operator.clientConfig())) {
            MuxSession session = client.awaitSession(30);
            return mode.stdio ? stdio(session) : listen(client);
        } finally {
            closed.countDown();
        }
    }

    private int stdio(MuxSession session) throws InterruptedException {
        StdioForwarder forwarder = new StdioForwarder(new FileInputStream(FileDescriptor.in),
                new FileOutputStream(FileDescriptor.out));
        // ssh stops its ProxyCommand with a signal when it is done or interrupted: end the stream with the session
        // ("operator done" at the relay, as --listen's streams) rather than leave the relay a dropped connection.
        // At a logout ssh closes our stdin and sends SIGHUP at once (ssh_kill_proxy_command): the stop first lets a
        // stream whose both ends are on their way finish, so the relay records the logout as a clean end
        CompletableFuture<StdioForwarder.Outcome> forwarding = forwarder.run(session, device, service);
        CompletableFuture<StdioForwarder.Outcome> stopped = new CompletableFuture<>();
        stopOnSignal(() -> {
            awaitEnd(forwarding);
            stopped.complete(null);
        });
        try {
            StdioForwarder.Outcome outcome = (StdioForwarder.Outcome) CompletableFuture.anyOf(forwarding, stopped).get();
            if (outcome == null) {
                return ExitCodes.OK; // stopped: the JVM's exit status is the signal's, nothing to print
            }
            if (!outcome.clean()) {
                System.err.println("warren: " + device + "/" + service + ": " + outcome.reason() + " (" + outcome.code() + ")");
                return ExitCodes.FAILURE;
            }
            return ExitCodes.OK;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StreamRefusedException refused) {
                throw refusal(new Refusal(refused.code(), refused.reason()));
            }
            throw new CommandFailure(ExitCodes.FAILURE, String.valueOf(e.getCause()));
        }
    }

    /** Waits up to {@link #ENDING_GRACE} for the stream to end by itself; one still open is then cut by the stop. */
    private static void awaitEnd(CompletableFuture<StdioForwarder.Outcome> forwarding) {
        try {
            forwarding.get(ENDING_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // refused, failed or still open: the stop ends it
        }
    }

    private int listen(OperatorClient client) throws InterruptedException {
        CompletableFuture<Refusal> fatal = new CompletableFuture<>();
        // the listener logs each refusal itself (one line); a permanent one ends the command, which says why once more
        LocalForwarder forwarder = LocalForwarder.start(client, mode.listen, device, service, refusal -> {
            if (refusal.permanent()) {
                fatal.complete(refusal);
            }
        });
        System.err.println("listening on " + new HostPort(mode.listen.host(), forwarder.port()) + " -> " + device + "/"
                + service + " (Ctrl-C to stop)");
        stopOnSignal(() -> fatal.complete(null));
        try {
            Refusal refusal = fatal.get();
            if (refusal != null) {
                throw refusal(refusal);
            }
            return ExitCodes.OK;
        } catch (ExecutionException e) {
            throw new CommandFailure(ExitCodes.FAILURE, String.valueOf(e.getCause()));
        } finally {
            forwarder.close();
        }
    }

    /**
     * On a stop (Ctrl-C, SIGTERM, SIGHUP) runs {@code stop}, which ends the command's wait. The JVM exits as soon as
     * its hooks return, so this one waits until the streams and the session are closed (each stream's line written),
     * as Signals.awaitShutdown does.
     */
    private void stopOnSignal(Runnable stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            try {
                closed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                Logs.flush();
            }
        }, "shutdown"));
    }

    static CommandFailure refusal(Refusal r) {
        int code = r.code() == ErrorCode.UNAUTHENTICATED ? ExitCodes.UNAUTHENTICATED : ExitCodes.REFUSED;
        return new CommandFailure(code, r.reason() + " (" + r.code() + ")");
    }
}
