package dev.rowgate.web;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A bar chart of rows per day, drawn on the server as inline SVG: no script, no external asset (the pages' CSP
 * allows neither), readable by a screen reader through its role, title and a one-line summary. Numbers are escaped
 * by construction (only digits and the ISO dates we format ourselves reach the markup).
 */
public final class BarChart {

    private static final int WIDTH = 600;
    private static final int HEIGHT = 140;
    private static final int TOP = 14;
    private static final int BOTTOM = 22;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT);

    private BarChart() {}

    /** Rows per day from {@code firstDay}, one bar each. */
    public static String svg(LocalDate firstDay, List<Long> rows) {
        long max = rows.stream().mapToLong(Long::longValue).max().orElse(0);
        long total = rows.stream().mapToLong(Long::longValue).sum();
        LocalDate lastDay = firstDay.plusDays(Math.max(0, rows.size() - 1));
        String summary = "Rows per day from " + firstDay + " to " + lastDay + ": " + total + " in all"
                + (max > 0 ? ", at most " + max + " on one day" : "");
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" aria-label=\"").append(summary).append("\"><title>")
                .append(summary).append("</title>");
        int plot = HEIGHT - TOP - BOTTOM;
        double slot = (double) WIDTH / Math.max(1, rows.size());
        svg.append("<line class=\"axis\" x1=\"0\" y1=\"").append(HEIGHT - BOTTOM).append("\" x2=\"").append(WIDTH)
                .append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"/>");
        for (int i = 0; i < rows.size(); i++) {
            long v = rows.get(i);
            int h = max == 0 ? 0 : (int) Math.max(v > 0 ? 1 : 0, Math.round((double) v / max * plot));
            svg.append(String.format(Locale.ROOT, "<rect class=\"bar-fill\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"><title>%s: %d rows</title></rect>",
                    i * slot + slot * 0.15, HEIGHT - BOTTOM - h, slot * 0.7, h, firstDay.plusDays(i), v));
        }
        svg.append("<text x=\"0\" y=\"").append(HEIGHT - 6).append("\">").append(DAY.format(firstDay)).append("</text>");
        svg.append("<text x=\"").append(WIDTH).append("\" y=\"").append(HEIGHT - 6).append("\" text-anchor=\"end\">")
                .append(DAY.format(lastDay)).append("</text>");
        svg.append("<text x=\"0\" y=\"10\">max ").append(max).append(" rows/day</text>");
        return svg.append("</svg>").toString();
    }
}
