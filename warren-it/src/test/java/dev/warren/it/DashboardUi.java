package dev.warren.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import dev.warren.testing.TestRelay;
import java.util.regex.Pattern;

/**
 * The dashboard as a person uses it in the browser: its addresses, signing in through the form, the rows of its
 * tables. Selectors are the dashboard's stable ones (docs/DASHBOARD.md, "Stable selectors").
 */
final class DashboardUi {
    private final TestRelay relay;

    DashboardUi(TestRelay relay) {
        this.relay = relay;
    }

    /** The dashboard's origin, {@code https://127.0.0.1:<port>}. */
    String origin() {
        return "https://" + relay.address();
    }

    String url(String path) {
        return origin() + path;
    }

    /** Opens {@code path} and returns the answer of the last navigation (after redirects). */
    Response open(Page page, String path) {
        return page.navigate(url(path));
    }

    /** Signs in with an API token through the sign-in page's token form and waits for the device list. */
    void signIn(Page page, String token) {
        open(page, "/ui/login");
        page.locator("#token").fill(token);
        page.locator("button[data-action=token-login]").click();
        assertThat(page).hasURL(url("/ui/devices"));
    }

    /** Signs in with a user name and password through the sign-in page and waits for the device list. */
    void signInWithPassword(Page page, String user, String password) {
        open(page, "/ui/login");
        page.locator("#login-user").fill(user);
        page.locator("#login-password").fill(password);
        page.locator("button[data-action=password-login]").click();
        assertThat(page).hasURL(url("/ui/devices"));
    }

    /** The device list's row of a device ({@code tr[data-device=<name>]}). */
    static Locator deviceRow(Page page, String device) {
        return page.locator("table#devices tr[data-device='" + device + "']");
    }

    /** The live sessions' rows of a device. */
    static Locator sessionRows(Page page, String device) {
        return page.locator("table#sessions tr[data-session-id][data-device='" + device + "']");
    }

    /** The live grants' rows whose cells hold {@code text} (an operator's name, unique per test). */
    static Locator grantRows(Page page, String text) {
        return page.locator("table#grants tr[data-grant-id]").filter(new Locator.FilterOptions().setHasText(text));
    }

    /** The POST forms of the page other than sign-out: the actions it offers. */
    static Locator actionForms(Page page) {
        return page.locator("form[method=post]:not([action='/ui/logout'])");
    }

    /** The page's answer to a form post is its own URL; {@code Pattern} for {@code hasURL}. */
    Pattern path(String path) {
        return Pattern.compile(Pattern.quote(url(path)) + "(\\?.*)?");
    }

    /** Fills in the account page's password form ({@code current}: null when the user has none yet) and sends it. */
    static void changePassword(Page page, String current, String password) {
        if (current != null) {
            page.locator("#current-password").fill(current);
        }
        page.locator("#new-password").fill(password);
        page.locator("#repeat-password").fill(password);
        page.locator("button[data-action=change-password]").click();
    }
}
