package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.cli.ExitCodes;
import dev.warren.testing.RelayExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code warren agent enroll} under a name a device already has (re-enrolling a device whose key was lost, with
 * --force or into a new directory): refused, and told how to do it (the message sent people to GET /api/v1/devices).
 */
class EnrollAgainTest {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();

    @Test
    void aTakenNameSaysHowToEnrollTheDeviceAgain() throws Exception {
        String token = relay.get().enrollToken(Duration.ofMinutes(5), 2);
        String address = relay.get().address().toString();
        InProcessCli.Run first = InProcessCli.run("agent", "enroll", "--relay", address, "--token", token, "--name",
                "dev-again", "--data", relay.newDir("first").resolve("agent").toString());
        assertThat(first.code()).as(first.stderr()).isEqualTo(ExitCodes.OK);
        InProcessCli.Run again = InProcessCli.run("agent", "enroll", "--relay", address, "--token", token, "--name",
                "dev-again", "--data", relay.newDir("again").resolve("agent").toString());
        assertThat(again.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.stderr()).contains("device name 'dev-again' is already taken")
                .contains("an admin deletes the old one first: warren admin devices delete dev-again");
    }
}
