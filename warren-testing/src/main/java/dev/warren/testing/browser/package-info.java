/**
 * Real-browser tests: {@link dev.warren.testing.browser.BrowserExtension} drives Debian's Chromium through Playwright
 * for Java (one browser per test class, a fresh context per test, trace and screenshots on failure);
 * {@link dev.warren.testing.browser.PageEvents} records a page's dialogs, console messages and script errors.
 */
package dev.warren.testing.browser;
