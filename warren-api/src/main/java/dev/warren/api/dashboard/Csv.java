package dev.warren.api.dashboard;

import java.util.List;

/**
 * CSV as RFC 4180 writes it (CRLF line ends; a field with a comma, a double quote, CR or LF in double quotes, its
 * quotes doubled), made safe to open in a spreadsheet: a field that starts with {@code =}, {@code +}, {@code -},
 * {@code @}, a tab or CR would be read as a formula (CSV injection), so it gets a leading {@code '}.
 */
public final class Csv {
    private final StringBuilder out = new StringBuilder(4096);

    /** Appends one record; {@code null} fields are empty. */
    public Csv row(List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append("\r\n");
        return this;
    }

    /** One field, neutralised and quoted as needed. */
    public static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = startsLikeAFormula(value) ? "'" + value : value;
        if (safe.indexOf(',') < 0 && safe.indexOf('"') < 0 && safe.indexOf('\r') < 0 && safe.indexOf('\n') < 0) {
            return safe;
        }
        return '"' + safe.replace("\"", "\"\"") + '"';
    }

    private static boolean startsLikeAFormula(String value) {
        char c = value.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
