/**
 * The operator's side. Starting points: {@link dev.warren.client.OperatorClient} (one long-lived session to the
 * relay), {@link dev.warren.client.LocalForwarder} ({@code --listen}), {@link dev.warren.client.StdioForwarder}
 * ({@code --stdio}, for OpenSSH's ProxyCommand), {@link dev.warren.client.Credentials} ({@code warren login}).
 */
package dev.warren.client;
