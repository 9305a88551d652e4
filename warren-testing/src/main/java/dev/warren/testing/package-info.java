/**
 * Warren's test kit. Starting points: {@link dev.warren.testing.RelayExtension} (a real relay per test class),
 * {@link dev.warren.testing.TestRelay} (tokens, enrollment and API calls against it), {@link dev.warren.testing.TestAgents};
 * {@code dev.warren.testing.openssh} runs real sshd/ssh/scp/sftp, {@code dev.warren.testing.net} holds ports, echo
 * servers and checksums; {@code dev.warren.testing.browser} drives Debian's Chromium through Playwright
 * ({@link dev.warren.testing.browser.BrowserExtension}).
 */
package dev.warren.testing;
