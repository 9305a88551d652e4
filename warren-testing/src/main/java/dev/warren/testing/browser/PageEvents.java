package dev.warren.testing.browser;

import com.microsoft.playwright.Page;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What one page did besides rendering: JavaScript dialogs (dismissed at once, so a test never hangs on one), console
 * messages and uncaught script errors. {@link BrowserExtension} attaches one to every page a test opens; a test reads
 * it with {@link BrowserExtension#events(Page)}.
 */
public final class PageEvents {
    private final List<String> dialogs = new CopyOnWriteArrayList<>();
    private final List<String> console = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    PageEvents(Page page) {
        page.onDialog(d -> {
            dialogs.add(d.type() + ": " + d.message());
            d.dismiss();
        });
        page.onConsoleMessage(m -> console.add(m.type() + ": " + m.text()));
        page.onPageError(e -> errors.add(e));
    }

    /** Every dialog ({@code alert}, {@code confirm}, {@code prompt}) the page opened, as {@code type: message}. */
    public List<String> dialogs() {
        return List.copyOf(dialogs);
    }

    /** Every console message, as {@code type: text}; Chromium reports Content-Security-Policy violations here. */
    public List<String> console() {
        return List.copyOf(console);
    }

    /** Uncaught errors of the page's scripts. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public String toString() {
        return "PageEvents[dialogs=" + dialogs + ", console=" + console + ", errors=" + errors + "]";
    }
}
