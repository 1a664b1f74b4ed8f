package dev.rowgate.linkdata;

/** One link as loaded (the documented format's link fields); times in epoch ms, null when absent. */
public record LinkRecord(
        String urlFrom, String urlTo, String anchor, String linkType, boolean nofollow, Integer redirect, String alt, String textPre,
        String textPost, boolean original, Long firstSeen, Long lastVisited, Long prevVisited, Long lostAt) {

    /** The link types the tables count (linked_domains_by_type, refdomains_by_type, metrics). */
    public static final java.util.Set<String> TYPES = java.util.Set.of("href", "redirect", "canonical", "image", "rss", "alternate", "frame", "form");
}
