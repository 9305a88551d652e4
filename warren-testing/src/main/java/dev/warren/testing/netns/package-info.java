/**
 * Hosts made of Linux network namespaces, for tests of what crosses a network (gateways, firewalls,
 * routes): {@link dev.warren.testing.netns.NetworkLab} creates namespaces joined by veth pairs and
 * removes them all on close; {@link dev.warren.testing.netns.Host} runs commands and processes in one.
 * Needs root and iproute2; nothing leaves the namespaces the lab made.
 */
package dev.warren.testing.netns;
