package dev.warren.api.internal.endpoints;

import dev.warren.api.dashboard.Html;
import java.util.List;

/**
 * A table of the dashboard whose every cell carries its column's name ({@code data-label}): on a phone the stylesheet
 * shows each row as a card whose cells say what they are ({@code table.stack}), instead of a table wider than the
 * screen. Rows are written cell by cell, in the order of the columns.
 */
final class DashboardTable {
    private final Html h;
    private final List<String> columns;
    private int next;

    private DashboardTable(Html h, List<String> columns) {
        this.h = h;
        this.columns = List.copyOf(columns);
    }

    /**
     * What a live list (a page's part that {@code warren.js} replaces) starts with: its count line ({@code <id>-count},
     * read out by screen readers when it changes), then the opening of the box its table or empty note goes in
     * ({@code <id>-table}; the caller closes the {@code div}).
     */
    static void liveList(Html h, String id, String count) {
        h.element("p", count, "id", id + "-count", "class", "count", "aria-live", "polite");
        h.open("div", "id", id + "-table");
    }

    /** {@code n} and the noun that goes with it: "1 live grant", "2 live grants", "0 live grants". */
    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** Opens the table ({@link DashboardPages#tableStart}, class {@code stack} added); {@link #end} closes it. */
    static DashboardTable start(Html h, String cssClass, String id, List<String> columns) {
        DashboardPages.tableStart(h, cssClass + " stack", id, columns);
        return new DashboardTable(h, columns);
    }

    void row(String... attributes) {
        h.open("tr", attributes);
        next = 0;
    }

    void endRow() {
        h.close("tr");
    }

    /** The next cell, holding only text. */
    void cell(String text, String... attributes) {
        h.element("td", text, labelled(attributes));
    }

    /** Opens the next cell: the caller writes what it holds and closes it ({@code h.close("td")}). */
    Html open(String... attributes) {
        return h.open("td", labelled(attributes));
    }

    void end() {
        DashboardPages.tableEnd(h);
    }

    /** The builder the table writes to, for what a cell holds. */
    Html html() {
        return h;
    }

    private String[] labelled(String[] attributes) {
        String label = next < columns.size() ? columns.get(next) : "";
        next++;
        String[] all = new String[attributes.length + 2];
        all[0] = "data-label";
        all[1] = label;
        System.arraycopy(attributes, 0, all, 2, attributes.length);
        return all;
    }
}
