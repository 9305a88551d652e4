package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.cli.ExitCodes;
import dev.warren.testing.RelayExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code warren admin} commands that make a token, in-process against a real relay: with {@code --json} they print the
 * API's answer as JSON (they printed the bare token, so a script asking for JSON could not parse it), without it the
 * token alone on stdout's last line.
 */
class AdminCreateJsonTest {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();

    private static InProcessCli.Run warren(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--relay", relay.get().address().toString(), "--token", relay.get().adminToken(),
                "--ca", relay.get().dataDir().resolve("ca.crt").toString()));
        return InProcessCli.run(all.toArray(String[]::new));
    }

    private static JsonNode json(InProcessCli.Run r) throws Exception {
        assertThat(r.code()).as(r.stderr()).isEqualTo(ExitCodes.OK);
        return new ObjectMapper().readTree(r.stdout());
    }

    @Test
    void enrollTokenCreate() throws Exception {
        JsonNode made = json(warren("admin", "enroll-token", "create", "--uses", "2", "--json"));
        assertThat(made.path("token").asText()).startsWith("wet1.");
        assertThat(made.path("uses").asInt()).isEqualTo(2);
        InProcessCli.Run plain = warren("admin", "enroll-token", "create");
        assertThat(plain.stdout().strip()).startsWith("wet1.").doesNotContain("\n");
    }

    @Test
    void userCreateAndTokenCreate() throws Exception {
        JsonNode user = json(warren("admin", "user", "create", "json-op", "--role", "operator", "--json"));
        assertThat(user.path("name").asText()).isEqualTo("json-op");
        assertThat(user.path("token").asText()).startsWith("wat1.");
        JsonNode token = json(warren("admin", "user", "token", "create", "json-op", "--json"));
        assertThat(token.path("token").asText()).startsWith("wat1.");
        assertThat(token.path("expiresAt").asText()).isNotEmpty();
    }
}
