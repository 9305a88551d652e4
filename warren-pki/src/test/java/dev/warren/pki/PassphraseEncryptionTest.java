package dev.warren.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PassphraseEncryptionTest {
    private static final char[] PASS = "correct horse battery".toCharArray();
    private static final int CHUNK = PassphraseEncryption.CHUNK;

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17})
    void roundTripsEverySizeAndChunkBoundary(int size) throws IOException {
        byte[] plain = random(size);
        byte[] sealed = PassphraseEncryption.encrypt(plain, PASS);
        assertThat(PassphraseEncryption.isEncrypted(sealed)).isTrue();
        int chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
        assertThat(sealed.length).as("header, data, one tag per chunk").isEqualTo(8 + 3 + 16 + size + 16 * chunks);
        assertThat(PassphraseEncryption.decrypt(sealed, PASS)).isEqualTo(plain);
    }

    @Test
    void theSameDataTwiceEncryptsDifferently() throws IOException {
        byte[] plain = random(100);
        assertThat(PassphraseEncryption.encrypt(plain, PASS)).isNotEqualTo(PassphraseEncryption.encrypt(plain, PASS));
    }

    @Test
    void aWrongPassphraseIsToldApartFromNothing() throws IOException {
        byte[] sealed = PassphraseEncryption.encrypt(random(1000), PASS);
        assertThatThrownBy(() -> PassphraseEncryption.decrypt(sealed, "incorrect horse battery".toCharArray()))
                .isInstanceOf(IOException.class).hasMessageStartingWith("wrong passphrase or damaged file");
    }

    @Test
    void truncatedReorderedAndTamperedStreamsAreRefused() throws IOException {
        byte[] sealed = PassphraseEncryption.encrypt(random(3 * CHUNK), PASS);
        int header = 27;
        int chunk = CHUNK + 16;
        // cut after two whole chunks: the second is not marked last
        byte[] cut = Arrays.copyOf(sealed, header + 2 * chunk);
        assertThatThrownBy(() -> PassphraseEncryption.decrypt(cut, PASS)).isInstanceOf(IOException.class)
                .hasMessageContaining("chunk 1 does not authenticate");
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, header, swapped, header + chunk, chunk);
        System.arraycopy(sealed, header + chunk, swapped, header, chunk);
        assertThatThrownBy(() -> PassphraseEncryption.decrypt(swapped, PASS)).isInstanceOf(IOException.class)
                .hasMessageContaining("chunk 0 does not authenticate");
        byte[] salted = sealed.clone();
        salted[12] ^= 1; // the salt is authenticated too (and changes the key)
        assertThatThrownBy(() -> PassphraseEncryption.decrypt(salted, PASS)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> PassphraseEncryption.decrypt("PK\3\4 a zip".getBytes(), PASS))
                .isInstanceOf(IOException.class).hasMessageStartingWith("not an encrypted Warren backup");
    }

    @Test
    void aShortPassphraseIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> PassphraseEncryption.encrypt(new byte[1], "short-pw".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("passphrase: **** (expected: at least 12 characters)");
    }
}
