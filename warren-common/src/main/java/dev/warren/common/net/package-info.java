/**
 * Networking shared by every component: {@link dev.warren.common.net.EventLoops} (epoll or NIO),
 * {@link dev.warren.common.net.HalfCloseSafeEpoll} (epoll loops safe from Netty 4.2.18's half-close bug),
 * {@link dev.warren.common.net.SocketTuning} (the socket options each hop uses), {@link dev.warren.common.net.HostPort}, {@link dev.warren.common.net.SourceAllowList} (CIDR allow-lists).
 */
package dev.warren.common.net;
