package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

interface TransactionContract extends StoreAccess {

    @Test
    default void writesInOneTransactionAreAllKept() {
        String actor = unique("tx-ok");
        store().inOneTransaction(() -> {
            store().audit().append(AuditEvent.of(now(), actor, "a.one", null, null, "ok", Map.of()));
            store().audit().append(AuditEvent.of(now(), actor, "a.two", null, null, "ok", Map.of()));
        });
        assertThat(store().audit().query(new AuditQuery(null, actor, null, null, 10))).hasSize(2);
    }

    @Test
    default void oneFailingWriteRollsBackTheOthers() {
        String actor = unique("tx-fail");
        String name = unique("tx-device");
        store().devices().create(name, Map.of(), FINGERPRINT, IN_A_YEAR);
        assertThatThrownBy(() -> store().inOneTransaction(() -> {
            store().audit().append(AuditEvent.of(now(), actor, "a.before", null, null, "ok", Map.of()));
            store().devices().create(name, Map.of(), FINGERPRINT, IN_A_YEAR); // the name is taken
        })).isInstanceOf(StoreException.class);
        assertThat(store().audit().query(new AuditQuery(null, actor, null, null, 10)))
                .as("the audit event written before the failure is rolled back").isEmpty();
    }
}
