package dev.warren.it;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict reader of the Prometheus text format (0.0.4), enough to check what a scrape says. */
record PrometheusText(Map<String, Double> samples, Map<String, String> types) {
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? (\\S+)( \\d+)?");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");

    static PrometheusText parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        Map<String, String> types = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ")) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher t = TYPE.matcher(line);
                if (!t.matches()) {
                    throw new AssertionError("not a TYPE line: " + line);
                }
                types.put(t.group(1), t.group(2));
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a sample line: " + line);
            }
            String series = m.group(1) + (m.group(2) == null ? "" : m.group(2));
            if (!seen.add(series)) {
                throw new AssertionError("series twice: " + series);
            }
            samples.put(series, Double.parseDouble(m.group(3).replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
        }
        return new PrometheusText(samples, types);
    }

    /** The value of the one series of {@code name} whose labels include all of {@code labels} ("k=\"v\""). */
    double value(String name, String... labels) {
        Double found = null;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String s = e.getKey();
            if (!(s.equals(name) || s.startsWith(name + "{"))) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= s.contains(l);
            }
            if (all) {
                if (found != null) {
                    throw new AssertionError("more than one series of " + name + " with " + String.join(",", labels));
                }
                found = e.getValue();
            }
        }
        if (found == null) {
            throw new AssertionError("no series " + name + " with " + String.join(",", labels) + " in "
                    + samples.keySet().stream().filter(k -> k.startsWith(name)).toList());
        }
        return found;
    }
}
