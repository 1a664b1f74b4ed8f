package dev.rowgate.linkdata;

/** One page as loaded (the documented format's page fields); times in epoch ms, null when absent. */
public record PageRecord(
        String url, String title, Integer httpCode, Long size, String encoding, String contentEncoding, String language, String ip,
        String redirectUrl, String canonicalUrl, String description, Integer linksInternal, Integer linksExternal, Long firstSeen,
        Long lastVisited, Long prevVisited) {}
