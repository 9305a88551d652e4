package dev.warren.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@link Audit} makes of values from peers: control characters replaced, lengths bounded, blanks marked. */
class AuditTest {
    @Test
    void clipReplacesAsciiControlCharactersAndCutsToTheLimit() {
        assertThat(Audit.clip("dev-42", 128)).isEqualTo("dev-42");
        assertThat(Audit.clip("a\nb\u0000c\u007fd\te", 128)).isEqualTo("a?b?c?d?e");
        assertThat(Audit.clip("é\u0085ü", 128)).as("only ASCII's control characters, as \\p{Cntrl}")
                .isEqualTo("é\u0085ü");
        assertThat(Audit.clip("abcdef", 3)).isEqualTo("abc");
        assertThat(Audit.clip("ab\ncdef", 4)).isEqualTo("ab?c");
        assertThat(Audit.clip("  ", 10)).isEqualTo("?");
        assertThat(Audit.clip(null, 10)).isNull();
    }

    @Test
    void anEventsFieldsAreClipped() {
        var e = Audit.event(java.time.Instant.EPOCH, "al\u0007ice", "session.open").target("s_1\r\n")
                .detail("service", "ssh\u001b[31m").build();
        assertThat(e.actor()).isEqualTo("al?ice");
        assertThat(e.target()).isEqualTo("s_1??");
        assertThat(e.details()).containsEntry("service", "ssh?[31m");
    }
}
