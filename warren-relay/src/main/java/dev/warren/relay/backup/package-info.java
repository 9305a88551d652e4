/**
 * Backups of a relay's state: {@link dev.warren.relay.backup.RelayBackup} makes one (online through the running relay's
 * {@link dev.warren.relay.backup.ControlSocket}, or directly when it is stopped) and restores one;
 * {@link dev.warren.relay.backup.BackupArchive} is the file format (a ZIP with a manifest of SHA-256 sums, optionally
 * encrypted with {@code dev.warren.pki.PassphraseEncryption}); {@link dev.warren.relay.backup.BackupSchedule} takes them
 * on a timer and keeps the newest N.
 */
package dev.warren.relay.backup;
