package dev.warren.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.warren.store.StoreConfig;
import dev.warren.store.StoreException;
import dev.warren.store.WarrenStore;
import java.time.Clock;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Behind {@code Stores.open}: pool, migrations, JDBI. */
public final class StoreOpener {
    private static final Logger log = LoggerFactory.getLogger(StoreOpener.class);
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    private StoreOpener() {}

    public static WarrenStore open(StoreConfig cfg) {
        String description = Descriptions.of(cfg.jdbcUrl());
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(cfg));
        } catch (RuntimeException e) {
            throw Db.failed("open " + description, e, Db.sqlCause(e));
        }
        try {
            MigrateResult result = Flyway.configure(StoreOpener.class.getClassLoader())
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            if (cfg.isEmbedded()) {
                EmbeddedFiles.restrict(cfg.jdbcUrl());
            }
            log.info("store opened: {} (schema version {}, {} migration(s) applied)", description,
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    result.migrationsExecuted);
            return new JdbiWarrenStore(pool, new Db(jdbi(pool), Clock.systemUTC()), description, cfg.isEmbedded());
        } catch (RuntimeException e) {
            pool.close();
            throw e instanceof StoreException se ? se : Db.failed("migrate " + description, e, Db.sqlCause(e));
        }
    }

    private static HikariConfig poolConfig(StoreConfig cfg) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("warren-store");
        hc.setJdbcUrl(cfg.jdbcUrl());
        hc.setUsername(cfg.user());
        hc.setPassword(cfg.password().reveal());
        hc.setMaximumPoolSize(cfg.maxPoolSize());
        hc.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        if (!cfg.isEmbedded()) {
            hc.addDataSourceProperty("ApplicationName", "warren");
            // a server error's "Detail:" can quote a whole row, secret hashes included
            hc.addDataSourceProperty("logServerErrorDetail", "false");
        }
        return hc;
    }

    private static Jdbi jdbi(HikariDataSource pool) {
        Jdbi jdbi = Jdbi.create(pool);
        jdbi.registerArgument(new Rows.InstantArguments());
        // exception messages show the statement but never the bound values (hashes, addresses)
        jdbi.getConfig(StatementExceptions.class)
                .setMessageRendering(StatementExceptions.MessageRendering.SHORT_STATEMENT);
        return jdbi;
    }
}
