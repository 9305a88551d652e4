package dev.warren.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.pki.SecretHasher;
import org.junit.jupiter.api.Test;

class PasswordsTest {
    @Test
    void longPasswordsOfAnyCharactersPass() {
        assertThat(Passwords.problem("correct horse battery", "alice")).isEmpty();
        assertThat(Passwords.problem("ünïcödé-Паро́ль-密码!", "alice")).isEmpty();
        assertThat(Passwords.problem("x".repeat(Passwords.MAX_LENGTH), "alice")).isEmpty();
    }

    @Test
    void eachProblemIsNamedWithoutRepeatingThePassword() {
        assertThat(Passwords.problem(null, "alice")).contains("password: missing (expected: at least 12 characters)");
        assertThat(Passwords.problem("", "alice")).contains("password: missing (expected: at least 12 characters)");
        assertThat(Passwords.problem("short-pw", "alice")).contains("password: 8 characters (expected: at least 12)");
        // characters, not UTF-16 units: eleven emoji are eleven characters
        assertThat(Passwords.problem("😀".repeat(11), "alice")).contains("password: 11 characters (expected: at least 12)");
        assertThat(Passwords.problem("x".repeat(Passwords.MAX_LENGTH + 1), "alice"))
                .contains("password: 1025 characters (expected: at most 1024)");
        assertThat(Passwords.problem("secret-line-one\nline-two", "alice"))
                .contains("password: **** (expected: no control characters, such as a line break or a tab)");
        assertThat(Passwords.problem(" ".repeat(14), "alice")).contains("password: only spaces (expected: other characters too)");
        assertThat(Passwords.problem("Alice.Smith-1", "alice.smith-1"))
                .contains("password: the user's own name (expected: something else)");
    }

    @Test
    void theHashIsArgon2idAndVerifies() {
        String hash = Passwords.hash("correct horse battery");
        assertThat(hash).startsWith("$argon2id$").doesNotContain("correct");
        assertThat(SecretHasher.verify("correct horse battery", hash)).isTrue();
        assertThat(SecretHasher.verify("correct horse batterY", hash)).isFalse();
    }
}
