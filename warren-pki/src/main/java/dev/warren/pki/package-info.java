/**
 * Warren's small CA on Bouncy Castle (bcpkix), with keys and signatures from the JDK's own providers.
 * Starting points: {@link dev.warren.pki.CertificateAuthority} (create, load, save, issue, sign),
 * {@link dev.warren.pki.CertificateProfile} (what a leaf says), {@link dev.warren.pki.Csr} (PKCS#10 with proof of
 * possession), {@link dev.warren.pki.Pem} (files openssl, HAProxy and stunnel read), {@link dev.warren.pki.Fingerprints}
 * (including the SPKI pin), and for secrets {@link dev.warren.pki.Tokens}, {@link dev.warren.pki.SecretHasher} and
 * {@link dev.warren.pki.PassphraseEncryption} (scrypt + AES-256-GCM in STREAM chunks, for backups).
 */
package dev.warren.pki;
