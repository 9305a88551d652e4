package dev.warren.api.dashboard;

import java.util.Objects;

/**
 * A tiny HTML builder in which every text and attribute value is escaped: pages are built from
 * {@link #open}, {@link #text}, {@link #close}, so that no caller concatenates untrusted strings into markup.
 * Tag and attribute names are checked against a strict pattern because they are never escaped.
 */
public final class Html {
    private final StringBuilder out = new StringBuilder(1024);

    /** Escapes text for an element body or a double-quoted attribute value. */
    public static String escape(String value) {
        Objects.requireNonNull(value, "value");
        StringBuilder b = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '`' -> b.append("&#96;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Opens {@code tag} with attributes given as name/value pairs (values escaped). */
    public Html open(String tag, String... attributes) {
        out.append('<').append(name(tag));
        attributes(attributes);
        out.append('>');
        return this;
    }

    /** A void element such as input or meta (no closing tag). */
    public Html empty(String tag, String... attributes) {
        return open(tag, attributes);
    }

    public Html close(String tag) {
        out.append("</").append(name(tag)).append('>');
        return this;
    }

    /** Escaped text. */
    public Html text(String value) {
        out.append(escape(value == null ? "" : value));
        return this;
    }

    /** An element holding only escaped text. */
    public Html element(String tag, String value, String... attributes) {
        return open(tag, attributes).text(value).close(tag);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void attributes(String[] attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs, got " + attributes.length + " strings");
        }
        for (int i = 0; i < attributes.length; i += 2) {
            String attr = name(attributes[i]);
            if (attr.startsWith("on") || attr.equals("style")) {
                // the Content-Security-Policy forbids inline scripts and styles; refuse them at the source too
                throw new IllegalArgumentException("inline handler or style attribute refused: " + attr);
            }
            out.append(' ').append(attr).append("=\"").append(escape(attributes[i + 1] == null ? "" : attributes[i + 1])).append('"');
        }
    }

    private static String name(String name) {
        if (name == null || !name.matches("[a-z][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException("not a safe tag or attribute name: " + name);
        }
        return name;
    }
}
