package dev.warren.lockdown.internal;

import java.util.ArrayList;
import java.util.List;

/** A line diff (longest common subsequence) printed as {@code -}/{@code +} lines with two lines of context. */
public final class LineDiff {
    private static final int CONTEXT = 2;

    private LineDiff() {}

    /** The differences from {@code before} to {@code after}; empty when they are the same. */
    public static String diff(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                lines.add("  " + a.get(i++));
                j++;
            } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
                lines.add("- " + a.get(i++));
            } else {
                lines.add("+ " + b.get(j++));
            }
        }
        return withContext(lines);
    }

    private static String withContext(List<String> lines) {
        boolean[] keep = new boolean[lines.size()];
        boolean any = false;
        for (int k = 0; k < lines.size(); k++) {
            if (!lines.get(k).startsWith("  ")) {
                any = true;
                for (int c = Math.max(0, k - CONTEXT); c <= Math.min(lines.size() - 1, k + CONTEXT); c++) {
                    keep[c] = true;
                }
            }
        }
        if (!any) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        boolean skipped = false;
        for (int k = 0; k < lines.size(); k++) {
            if (keep[k]) {
                if (skipped) {
                    out.append("  ...\n");
                }
                out.append(lines.get(k)).append('\n');
                skipped = false;
            } else {
                skipped = true;
            }
        }
        if (skipped) {
            out.append("  ...\n");
        }
        return out.toString();
    }
}
