/** Real proxies for tests: a private squid with Basic auth (htpasswd), and a SOCKS5 proxy made by {@code ssh -D}. */
package dev.warren.testing.proxy;
