package dev.warren.testing.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Tracing;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.warren.pki.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real browser for the tests of one class: Debian's Chromium ({@value #CHROMIUM}, package {@code chromium}) driven
 * headless by Playwright for Java, whose driver comes from Maven Central in the {@code driver-bundle} jar; nothing is
 * downloaded at run time ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}).
 *
 * <pre>
 * &#64;RegisterExtension static final RelayExtension relay = new RelayExtension();
 * &#64;RegisterExtension static final BrowserExtension browser =
 *         new BrowserExtension(() -> relay.get().server().caCertificate());
 * ...
 * Page page = browser.page();   // in this test's own browser context (its own cookies)
 * </pre>
 *
 * One Playwright and one browser per class, started at the first test (after the other extensions' {@code beforeAll},
 * so that the certificate to trust exists); a fresh context per test, traced (DOM snapshots, no screencast: cheaper);
 * when a test fails, the trace
 * ({@code npx playwright show-trace}) and a screenshot of each of its pages go to
 * {@code target/browser-failures/<class>/}. Every wait is bounded: actions and assertions time out after
 * {@value #ACTION_TIMEOUT_MS} ms, navigations after {@value #NAVIGATION_TIMEOUT_MS} ms.
 */
public final class BrowserExtension implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private static final Logger log = LoggerFactory.getLogger(BrowserExtension.class);
    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final double ACTION_TIMEOUT_MS = 5_000;
    public static final double NAVIGATION_TIMEOUT_MS = 10_000;
    /** A laptop's window. */
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 800;
    /** A phone's window (an iPhone 12 to 15's, in CSS pixels). */
    public static final int PHONE_WIDTH = 390;
    public static final int PHONE_HEIGHT = 844;
    private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-quic", "--disable-dev-shm-usage");

    private final Supplier<X509Certificate> trusted;
    private final Path artifacts;
    private Playwright playwright;
    private Browser browser;
    private final List<BrowserContext> contexts = new ArrayList<>();
    private final Map<Page, PageEvents> events = new IdentityHashMap<>();
    private Page page;

    /**
     * @param trusted the certificate the browser accepts for HTTPS (the relay's CA, whose key signs the relay's
     *                certificate), asked for when the browser starts; Chromium trusts only this key beyond its own
     *                roots ({@code --ignore-certificate-errors-spki-list})
     */
    public BrowserExtension(Supplier<X509Certificate> trusted) {
        this.trusted = Objects.requireNonNull(trusted, "trusted");
        this.artifacts = Path.of(System.getProperty("warren.browser.artifacts", "target"));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (browser == null) {
            launch();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        boolean failed = context.getExecutionException().isPresent();
        Path dir = artifacts.resolve("browser-failures").resolve(context.getRequiredTestClass().getSimpleName());
        String test = context.getRequiredTestMethod().getName();
        try {
            for (int i = 0; i < contexts.size(); i++) {
                BrowserContext c = contexts.get(i);
                if (failed) {
                    Files.createDirectories(dir);
                    Path trace = dir.resolve(test + "-" + i + "-trace.zip");
                    c.tracing().stop(new Tracing.StopOptions().setPath(trace));
                    int n = 0;
                    for (Page p : c.pages()) {
                        p.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                                .setPath(dir.resolve(test + "-" + i + "-" + n++ + ".png")));
                        log.warn("{}: page {} left at {}; its events: {}", test, n, p.url(), events.get(p));
                    }
                    log.warn("{} failed: trace and screenshots in {}", test, dir.toAbsolutePath());
                } else {
                    c.tracing().stop();
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("{}: could not save the browser's trace or screenshots: {}", test, e.toString());
        } finally {
            contexts.forEach(BrowserContext::close);
            contexts.clear();
            events.clear();
            page = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (playwright != null) {
            playwright.close(); // closes the browser too
            playwright = null;
            browser = null;
        }
    }

    /** The test's page, in the test's first context (opened on first use). */
    public Page page() {
        if (page == null) {
            page = newContext().newPage();
        }
        return page;
    }

    /** Another context (another person: its own cookies), at a laptop's size; closed after the test. */
    public BrowserContext newContext() {
        return newContext(new Browser.NewContextOptions().setViewportSize(WIDTH, HEIGHT));
    }

    /**
     * A phone's context: a 390×844 viewport (CSS pixels) at twice the density, mobile, touch; closed after the test.
     */
    public BrowserContext newPhoneContext() {
        return newContext(new Browser.NewContextOptions().setViewportSize(PHONE_WIDTH, PHONE_HEIGHT)
                .setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true));
    }

    /** A context with these options; closed after the test. */
    public BrowserContext newContext(Browser.NewContextOptions options) {
        if (browser == null) {
            throw new IllegalStateException("the browser starts before each test (register the extension as static)");
        }
        BrowserContext c = browser.newContext(options);
        c.setDefaultTimeout(ACTION_TIMEOUT_MS);
        c.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
        c.tracing().start(new Tracing.StartOptions().setScreenshots(false).setSnapshots(true));
        c.onPage(p -> events.put(p, new PageEvents(p)));
        contexts.add(c);
        return c;
    }

    /** The dialogs, console messages and script errors of a page this extension opened. */
    public PageEvents events(Page p) {
        PageEvents e = events.get(p);
        if (e == null) {
            throw new IllegalArgumentException("not a page of this test's contexts: " + p.url());
        }
        return e;
    }

    /** How many CSS pixels the page is wider than its window (0 or less: no sideways scrolling). */
    public static int sidewaysOverflow(Page p) {
        return ((Number) p.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")).intValue();
    }

    /** Saves a full-page screenshot as {@code target/screenshots/<name>.png} (a test artifact) and returns its path. */
    public Path screenshot(Page p, String name) {
        Path file = artifacts.resolve("screenshots").resolve(name + ".png");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(file));
        return file;
    }

    private void launch() {
        if (!Files.isExecutable(Path.of(CHROMIUM))) {
            throw new IllegalStateException(CHROMIUM + " is missing: install the Debian package chromium (./build test"
                    + " installs what .ci/packages.txt lists)");
        }
        long start = System.nanoTime();
        X509Certificate ca = trusted.get();
        Path caFile;
        try {
            caFile = Files.createTempFile("warren-browser-ca", ".pem");
            caFile.toFile().deleteOnExit();
            Files.writeString(caFile, Pem.encode(ca));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the driver (Node) makes requests too, for Route.fetch and APIRequestContext: it trusts the same CA
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of(
                "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1", "NODE_EXTRA_CA_CERTS", caFile.toString())));
        List<String> args = new ArrayList<>(CHROMIUM_ARGS);
        args.add("--ignore-certificate-errors-spki-list=" + spkiPin(ca));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of(CHROMIUM))
                .setHeadless(true).setArgs(args).setTimeout(30_000));
        PlaywrightAssertions.setDefaultAssertionTimeout(ACTION_TIMEOUT_MS);
        log.info("Chromium {} started in {} ms", browser.version(), (System.nanoTime() - start) / 1_000_000);
    }

    /** base64(SHA-256(SubjectPublicKeyInfo)): how Chromium names a key it should accept. */
    static String spkiPin(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getPublicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
