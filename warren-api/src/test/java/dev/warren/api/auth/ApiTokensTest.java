package dev.warren.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.pki.SecretHasher;
import org.junit.jupiter.api.Test;

class ApiTokensTest {

    @Test
    void issuedTokensParseAndVerify() {
        ApiTokens.Issued issued = ApiTokens.issue();
        assertThat(issued.token()).matches("wat1\\.[0-9a-f]{16}\\.[A-Za-z0-9_-]{43}");
        ApiTokens.Parsed parsed = ApiTokens.parse(issued.token()).orElseThrow();
        assertThat(parsed.id()).isEqualTo(issued.id());
        assertThat(SecretHasher.verify(parsed.secret(), issued.secretHash())).isTrue();
        assertThat(ApiTokens.issue().token()).isNotEqualTo(issued.token());
    }

    @Test
    void toStringMasksTheSecret() {
        ApiTokens.Issued issued = ApiTokens.issue();
        ApiTokens.Parsed parsed = ApiTokens.parse(issued.token()).orElseThrow();
        assertThat(issued.toString()).contains(issued.id()).contains("****").doesNotContain(parsed.secret())
                .doesNotContain(issued.secretHash());
        assertThat(parsed.toString()).contains(parsed.id()).doesNotContain(parsed.secret());
    }

    @Test
    void malformedTokensDoNotParse() {
        String good = ApiTokens.issue().token();
        assertThat(ApiTokens.parse(null)).isEmpty();
        assertThat(ApiTokens.parse("")).isEmpty();
        assertThat(ApiTokens.parse(good.replace("wat1.", "wet1."))).isEmpty();
        assertThat(ApiTokens.parse(good + "x")).isEmpty();
        assertThat(ApiTokens.parse(good.substring(0, good.length() - 1))).isEmpty();
        assertThat(ApiTokens.parse(good.toUpperCase())).isEmpty();
        assertThat(ApiTokens.parse(" " + good)).isEmpty();
        assertThat(ApiTokens.parse("wat1." + "a".repeat(10_000))).isEmpty();
    }
}
