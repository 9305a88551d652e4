package dev.warren.relay;

import dev.warren.api.ApiContext;
import dev.warren.api.RelayState;
import dev.warren.api.RestApi;
import dev.warren.api.audit.Audit;
import dev.warren.api.audit.AuditWriter;
import dev.warren.api.auth.AdminBootstrap;
import dev.warren.api.auth.CertificateAuthenticator;
import dev.warren.api.auth.TokenAuthenticator;
import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HostPort;
import dev.warren.common.net.SocketTuning;
import dev.warren.common.text.IoErrors;
import dev.warren.common.tls.TlsContexts;
import dev.warren.pki.Pem;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.ProtocolVersion;
import dev.warren.relay.backup.BackupSchedule;
import dev.warren.relay.backup.ControlSocket;
import dev.warren.relay.backup.RelayBackup;
import dev.warren.relay.metrics.MetricsServer;
import dev.warren.relay.metrics.RelayMetrics;
import dev.warren.relay.traffic.TrafficRecorder;
import dev.warren.store.StoreConfig;
import dev.warren.store.Stores;
import dev.warren.store.WarrenStore;
import dev.warren.store.WriteBehind;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running relay. {@link #start(RelayConfig)} brings up the PKI, the store, the admin account and the TLS port;
 * {@link #close()} drains agents with GOAWAY (each told a different time to come back) and stops.
 */
public final class RelayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelayServer.class);
    /** Device rows and traffic queued while the writer was busy, written in one transaction. */
    private static final int MAX_WRITE_BATCH = 256;
    /** Why a relay stop ends sessions and sends agents away: their records, audit and RESETs say so. */
    static final String STOPPING = "relay stopping";
    /**
     * How long the audit writer (which also writes session rows) gathers before a transaction: one commit and one
     * thread wake-up per that much traffic instead of two per stream. It adds to H2's own delay before a commit reaches
     * the disk (1 s); an API call that audits does not wait it out (docs/BENCHMARKS.md, "Stream setup").
     */
    static final Duration AUDIT_LINGER = Duration.ofMillis(50);
    public static final String VERSION = Optional.ofNullable(RelayServer.class.getPackage().getImplementationVersion())
            .orElse("dev");

    private final RelayConfig config;
    private final String nodeId;
    private final RelayPki pki;
    private final WarrenStore store;
    private final WriteBehind writer;
    private final AuditWriter audit;
    private final ExecutorService blocking;
    private final AgentRegistry agents;
    private final StreamRouter router;
    private final RelaySessionListener sessions;
    private final OperatorSessions operators;
    private final TrafficRecorder traffic;
    private final RelayMetrics metrics = new RelayMetrics();
    private final MetricsServer metricsServer;
    private final PortPublisher publisher;
    private ControlSocket control;
    private DashboardListener dashboardListener;
    private BackupSchedule backups;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final ChannelGroup connections = new DefaultChannelGroup("relay", GlobalEventExecutor.INSTANCE);
    private final Channel listener;
    private final String initialAdminToken;
    private final Clock clock;
    private final RunMarker runMarker;
    private volatile boolean closed;

    private RelayServer(RelayConfig config) throws InterruptedException {
        this.config = config;
        this.clock = Clock.systemUTC();
        RelayPki.ensurePrivateDir(config.dataDir());
        this.nodeId = config.nodeId() != null ? config.nodeId() : nodeId(config.dataDir());
        this.pki = RelayPki.loadOrCreate(config.dataDir(),
                RelayPki.defaultNames(config.listen().host(), config.serverNames()));
        StoreConfig storeConfig = config.store() != null ? config.store() : StoreConfig.embedded(config.dataDir());
        this.store = Stores.open(storeConfig);
        this.writer = new WriteBehind(store, "store-writer", MAX_WRITE_BATCH);
        this.audit = AuditWriter.open(store, config.dataDir().resolve("audit.log"), AUDIT_LINGER);
        this.blocking = Executors.newVirtualThreadPerTaskExecutor();
        this.initialAdminToken = AdminBootstrap.ensureAdmin(store, clock, audit::appendAndWait).orElse(null);
        if (initialAdminToken != null) {
            Pem.writeSecret(config.dataDir().resolve("admin.token"), initialAdminToken + "\n");
        }
        this.runMarker = RunMarker.begin(config.dataDir(), clock.instant());
        int stale = store.sessions().closeAllOpen(nodeId, clock.instant(), "relay restarted");
        int offline = store.devices().markAllOffline(nodeId);
        if (stale + offline > 0 || runMarker.previousRunKilled()) {
            recovered(stale, offline);
        }

        this.agents = new AgentRegistry();
        StreamAudit streamAudit = new StreamAudit(audit, clock);
        SessionJournal journal = new SessionJournal(store, audit, streamAudit, nodeId);
        this.router = new StreamRouter(agents, new AccessControl(store, clock), store, journal, streamAudit, blocking,
                clock, config.openTimeout());
        OperationsConfig ops = config.operations();
        this.traffic = new TrafficRecorder(store, writer, nodeId, clock, ops.trafficFlush(), ops.trafficRetention(),
                () -> router.live().values().stream().map(StreamRouter::tracked).toList(),
                metrics::bytes);
        router.recordTraffic(traffic);
        router.count(metrics);
        this.operators = new OperatorSessions();
        metrics.gauges(agents::size, () -> router.live().size(), operators::size);
        metrics.storeWriter("store", writer);
        metrics.storeWriter("audit", audit.writer());
        TokenAuthenticator tokens = new TokenAuthenticator(store, clock);
        CertificateAuthenticator certificates = new CertificateAuthenticator(store, clock);
        this.sessions = new RelaySessionListener(new AgentAuthenticator(store, agents, blocking, nodeId),
                tokens, certificates, agents, operators, router, store, writer, audit, blocking, clock, nodeId);
        sessions.count(metrics);
        this.acceptors = EventLoops.group(1, "relay-accept");
        // one loop per core: the work is CPU-bound (TLS) and a join's two sessions share one loop (StreamRouter)
        this.workers = EventLoops.group(config.ioThreads() > 0 ? config.ioThreads()
                : Runtime.getRuntime().availableProcessors(), "relay-io");
        this.publisher = ops.publish() == null ? null : new PortPublisher(ops.publish(), store,
                new PublishedConnection.Context(ops.publish().allow(), agents, router.live(), journal, audit, traffic,
                        metrics, clock),
                acceptors, workers, clock);
        RestApi api = new RestApi(new ApiContext(store, pki.ca(), new LiveState(),
                new RelayActions(agents, operators, router.live(), publisher), tokens, certificates, audit, blocking,
                clock, config.deviceCertValidity(), VERSION));
        SslContext tls = TlsContexts.server(pki.serverIdentity(), List.of(pki.ca().certificate()), ClientAuth.OPTIONAL,
                ProtocolVersion.ALPN, ApplicationProtocolNames.HTTP_1_1);

        ServerBootstrap bootstrap = SocketTuning.server(new ServerBootstrap())
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, SocketTuning.BULK_READS)
                .group(acceptors, workers)
                .channel(EventLoops.serverSocketChannel())
                .childHandler(new PortInitializer(tls, config.session(), sessions, api, connections, metrics::handshakeFailed));
        try {
            this.listener = bootstrap.bind(config.listen().host(), config.listen().port()).sync().channel();
        } catch (Exception e) {
            shutdownQuietly();
            throw new IllegalStateException("cannot listen on " + config.listen() + ": " + e.getMessage(), e);
        }
        try {
            this.metricsServer = ops.metrics() == null ? null : new MetricsServer(ops.metrics().listen(),
                    ops.metrics().token(), metrics, this::readiness, blocking);
        } catch (RuntimeException e) {
            listener.close().awaitUninterruptibly();
            shutdownQuietly();
            throw e;
        }
        String part = "the dashboard listener"; // what a failure names
        try {
            if (ops.dashboardListen() != null) {
                this.dashboardListener = new DashboardListener(ops.dashboardListen(), api, acceptors, workers);
            }
            part = "published ports";
            if (publisher != null) {
                publisher.start();
            }
            part = "the control socket";
            LocalCommands local = new LocalCommands(config.dataDir(), store, audit, metrics, clock, nodeId);
            this.control = ControlSocket.open(config.dataDir(), local::answer);
            if (ops.backups() != null) {
                OperationsConfig.Backups b = ops.backups();
                part = "scheduled backups into " + b.dir();
                this.backups = new BackupSchedule(config.dataDir(), store, nodeId, b.every(), b.keep(), b.dir(),
                        b.passphraseFile(), clock, local);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw new IllegalStateException("cannot start " + part + ": "
                    + (e instanceof IOException io ? IoErrors.describe(io) : e.getMessage()), e);
        }
        log.info("relay {} listening on {} (TLS {} via {}, {} transport), store {}, data {}", nodeId, address(),
                TlsContexts.provider(), "ALPN warren/1 + http/1.1", EventLoops.describe(), store.describe(),
                config.dataDir());
    }

    /** Starts a relay; the returned handle stops it. */
    public static RelayServer start(RelayConfig config) {
        try {
            return new RelayServer(config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the relay", e);
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public HostPort address() {
        InetSocketAddress a = (InetSocketAddress) listener.localAddress();
        return new HostPort(config.listen().host(), a.getPort());
    }

    public String nodeId() {
        return nodeId;
    }

    /** The admin token, when this start created it (first start); it is also in {@code DATA/admin.token}. */
    public Optional<String> initialAdminToken() {
        return Optional.ofNullable(initialAdminToken);
    }

    public X509Certificate caCertificate() {
        return pki.ca().certificate();
    }

    public Path caFile() {
        return pki.caFile();
    }

    /** SHA-256 of the CA's public key, base64url: what enrollment tokens carry. */
    public String caPin() {
        return pki.caPin();
    }

    /** The CA fingerprint as people compare it: {@code SHA256:AB:CD:…}. */
    public String caFingerprint() {
        return pki.caFingerprint();
    }

    public WarrenStore store() {
        return store;
    }

    public AgentRegistry agents() {
        return agents;
    }

    /** The JSON-lines copy of the audit trail: {@code DATA/audit.log}. */
    public Path auditFile() {
        return audit.file();
    }

    /** Takes a scheduled backup now (tests); empty when backups are not configured or it failed. */
    public Optional<Path> backupNow() {
        return backups == null ? Optional.empty() : Optional.ofNullable(backups.runOnce()).map(RelayBackup.Made::file);
    }

    /** What {@code /readyz} checks. BLOCKING (a store round trip). */
    private java.util.Map<String, Boolean> readiness() {
        java.util.Map<String, Boolean> checks = new java.util.TreeMap<>();
        checks.put("store", store.ping());
        checks.put("listener", listener.isActive());
        if (publisher != null) {
            checks.put("publishedPorts", publisher.allListening());
        }
        return checks;
    }

    /** The relay's meters (Prometheus). */
    public RelayMetrics metrics() {
        return metrics;
    }

    /** Where the plain-HTTP loopback dashboard listens, if configured ({@code --dashboard-listen}). */
    public Optional<HostPort> dashboardAddress() {
        return Optional.ofNullable(dashboardListener).map(DashboardListener::address);
    }

    /** Where {@code /metrics}, {@code /healthz} and {@code /readyz} are served, if configured. */
    public Optional<HostPort> metricsAddress() {
        return Optional.ofNullable(metricsServer).map(MetricsServer::address);
    }

    /** Writes the traffic counted so far now, rather than at the next interval (tests, shutdown). */
    public void flushTraffic() {
        traffic.flush();
    }

    /** Streams being relayed now. */
    public java.util.Collection<LiveSession> liveSessions() {
        return router.live().values();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (backups != null) {
            backups.close();
        }
        if (control != null) {
            control.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
        if (dashboardListener != null) {
            dashboardListener.close();
        }
        listener.close().awaitUninterruptibly();
        drain();
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownQuietly();
        log.info("relay {} stopped", nodeId);
    }

    /**
     * Ends every live session as SHUTTING_DOWN (its record, audit and the operator's RESET say the relay stopped), then
     * GOAWAY to every agent with a retry-after spread over a window that grows with their number: no herd.
     */
    private void drain() {
        try {
            router.abortAll(ErrorCode.SHUTTING_DOWN, STOPPING).get(2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            log.warn("sessions still open 2 s after the stop ended them; the rest end as their connections close");
        } catch (java.util.concurrent.ExecutionException e) {
            log.warn("could not end the open sessions before the stop: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessions.stopping();
        // an operator's session closes once its GOAWAY is written, so after the RESETs queued before it: closed at
        // once, a busy operator's connection would drop them with the bytes still queued ahead
        List<ChannelFuture> goodbyes = operators.matching(p -> true).stream()
                .map(s -> s.close(ErrorCode.SHUTTING_DOWN, STOPPING)).toList();
        int n = agents.size();
        int spreadMillis = (int) Math.min(30_000, Math.max(1_000, n * 5L));
        for (AgentLink link : agents.all()) {
            int retryAfter = ThreadLocalRandom.current().nextInt(spreadMillis);
            link.session().goAway(ErrorCode.SHUTTING_DOWN, STOPPING, retryAfter);
        }
        for (Channel c : connections) {
            c.flush();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ChannelFuture goodbye : goodbyes) {
            goodbye.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private void shutdownQuietly() {
        if (acceptors != null) {
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (traffic != null) {
            traffic.close(); // after the loops: the sessions' final counts are in
        }
        writer.close();
        audit.close();
        if (runMarker != null) {
            runMarker.end(); // every queued audit event and session row is written
        }
        try {
            store.devices().markAllOffline(nodeId);
        } catch (RuntimeException e) {
            log.warn("could not mark devices offline on stop: {}", e.getMessage());
        }
        blocking.shutdown();
        store.close();
        metrics.close();
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** The log line and audit event of a start that found traces of the previous run. */
    private void recovered(int stale, int offline) {
        log.info("recovered from the previous run: {} closed, {} marked offline", count(stale, "session", "sessions"),
                count(offline, "device", "devices"));
        if (runMarker.previousRunKilled()) {
            log.warn("the previous run ({}) did not stop cleanly: audit events and session records of its last {} ms"
                    + " (the audit writer's linger, and for the embedded database its write delay) may be missing",
                    runMarker.previousRun(), AUDIT_LINGER.toMillis());
        }
        audit.append(Audit.event(clock.instant(), "relay", "relay.recovered").target(nodeId)
                .detail("cleanStop", !runMarker.previousRunKilled()).detail("previousRun", runMarker.previousRun())
                .detail("sessionsClosed", stale).detail("devicesMarkedOffline", offline).build());
    }

    private static String nodeId(Path dataDir) {
        Path file = dataDir.resolve("node.id");
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            String id = Ids.node();
            Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }

    /** What the REST API may ask about live connections. */
    private final class LiveState implements RelayState {
        @Override
        public String nodeId() {
            return nodeId;
        }

        @Override
        public boolean isOnline(String deviceId) {
            return agents.byId(deviceId) != null;
        }

        @Override
        public Set<String> services(String deviceId) {
            AgentLink link = agents.byId(deviceId);
            return link == null ? Set.of() : link.services();
        }

        @Override
        public Optional<LiveBytes> liveBytes(String sessionId) {
            LiveSession s = router.live().get(sessionId);
            return s == null ? Optional.empty()
                    : Optional.of(new LiveBytes(s.agentStream().bytesSent(), s.agentStream().bytesReceived()));
        }
    }
}
