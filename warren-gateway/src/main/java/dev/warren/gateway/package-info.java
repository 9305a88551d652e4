/** The egress gateway: an HTTP CONNECT proxy that lets agents in OT networks dial out through one audited hop. */
package dev.warren.gateway;
