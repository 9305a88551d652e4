package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The terms of a grant read the same way by {@code admin grant create} and {@code access request}. */
class GrantTermsTest {
    private static final String[] TERMS = {"--device", "site=plant-b", "--service", "*", "--for", "2h", "--reason",
        "ticket 1234"};

    @Test
    void anAccessRequestAndAGrantTakeTheSameTerms() {
        AccessCommand.Request request = new AccessCommand.Request();
        new CommandLine(request).parseArgs(TERMS);
        AdminGrantCommand.Create grant = new AdminGrantCommand.Create();
        String[] withUser = new String[TERMS.length + 2];
        withUser[0] = "--user";
        withUser[1] = "alice";
        System.arraycopy(TERMS, 0, withUser, 2, TERMS.length);
        new CommandLine(grant).parseArgs(withUser);

        for (GrantTerms terms : new GrantTerms[] {request.terms, grant.terms}) {
            assertThat(terms.device).isEqualTo("site=plant-b");
            assertThat(terms.service).isEqualTo("*");
            assertThat(terms.duration).isEqualTo(Duration.ofHours(2));
            assertThat(terms.reason).isEqualTo("ticket 1234");
        }
    }

    @Test
    void everyTermIsRequired() {
        for (int dropped = 0; dropped < TERMS.length; dropped += 2) {
            String[] args = new String[TERMS.length - 2];
            for (int i = 0, j = 0; i < TERMS.length; i += 2) {
                if (i != dropped) {
                    args[j++] = TERMS[i];
                    args[j++] = TERMS[i + 1];
                }
            }
            String option = TERMS[dropped];
            assertThatThrownBy(() -> new CommandLine(new AccessCommand.Request()).parseArgs(args)).as(option)
                    .isInstanceOf(CommandLine.MissingParameterException.class).hasMessageContaining(option);
        }
    }
}
