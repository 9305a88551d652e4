package dev.warren.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code agent.json} without a JSON library: one object whose values are all strings, which is all that file holds.
 * The agent is a long-running process on small devices; Jackson would cost it ~450 loaded classes (several MB of
 * metaspace) for three strings. Unknown keys are kept (a newer version may add some); anything but a flat object of
 * strings is refused with the position of the problem.
 */
final class FlatJson {
    private final String text;
    private final String what;
    private int pos;

    private FlatJson(String text, String what) {
        this.text = text;
        this.what = what;
    }

    /** The keys and values of {@code text}, in file order; {@code what} names the file in errors. */
    static Map<String, String> parse(String text, String what) {
        return new FlatJson(text, what).object();
    }

    /**
     * The object as Jackson's pretty printer wrote it before (two-space indent, {@code "key" : "value"}), in ASCII:
     * other characters become JSON's backslash-u escapes.
     */
    static String write(Map<String, String> values) {
        StringBuilder out = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, String> e : values.entrySet()) {
            out.append("  ");
            quote(out, e.getKey());
            out.append(" : ");
            quote(out, e.getValue());
            out.append(++i < values.size() ? ",\n" : "\n");
        }
        return out.append("}\n").toString();
    }

    private Map<String, String> object() {
        Map<String, String> values = new LinkedHashMap<>();
        expect('{');
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                String key = string();
                expect(':');
                if (peek() != '"') {
                    throw error("the value of '" + key + "' is not a string");
                }
                if (values.put(key, string()) != null) {
                    throw error("key '" + key + "' appears twice");
                }
                char c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }
        if (peek() != 0) {
            throw error("text after the object");
        }
        return values;
    }

    private String string() {
        expect('"');
        StringBuilder s = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return s.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                s.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated escape");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> s.append(e);
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    try {
                        s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape '\\" + e + "'");
            }
        }
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) { // ASCII only: the file is written as US-ASCII
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** The next character that is not white space (0 at the end), not consumed. */
    private char peek() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private char next() {
        char c = peek();
        if (c == 0) {
            throw error("unexpected end");
        }
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            pos--;
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(what + ": " + problem + " at offset " + pos
                + " (expected: a JSON object of strings, as 'warren agent enroll' writes it)");
    }
}
