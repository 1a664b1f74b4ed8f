package dev.rowgate.store.jdbc;

import dev.rowgate.linkdata.LinkDataStore;
import dev.rowgate.linkdata.LinkRecord;
import dev.rowgate.linkdata.PageRecord;
import dev.rowgate.linkdata.Urls;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** LinkDataStore in SQL that SQLite (3.35+) and PostgreSQL run alike: batched INSERT ... ON CONFLICT. */
public final class JdbcLinkDataStore implements LinkDataStore {

    private static final int IN_CHUNK = 500;

    @Override
    public Map<String, PageIds> ensurePages(Tx tx, Collection<String> urls) {
        Set<String> domains = new LinkedHashSet<>();
        for (String url : urls) domains.add(Urls.domainOf(Urls.hostOf(url)));
        Jdbc.batch(tx, "INSERT INTO domains (name) VALUES (?) ON CONFLICT (name) DO NOTHING", domains.stream().map(d -> new Object[] {d}).toList());
        Map<String, Long> domainIds = ids(tx, "SELECT name, id FROM domains WHERE name IN ", domains);
        List<Object[]> stubs = new ArrayList<>(urls.size());
        for (String url : urls) {
            String host = Urls.hostOf(url);
            stubs.add(new Object[] {url, host, domainIds.get(Urls.domainOf(host))});
        }
        Jdbc.batch(tx, "INSERT INTO pages (url, host, domain_id) VALUES (?, ?, ?) ON CONFLICT (url) DO NOTHING", stubs);
        Map<String, PageIds> pageIds = new HashMap<>(urls.size() * 2);
        inChunks(urls, (in, chunk) -> Jdbc.query(tx, "SELECT url, id, domain_id FROM pages WHERE url IN " + in,
                rs -> pageIds.put(rs.getString(1), new PageIds(rs.getLong(2), rs.getLong(3))), chunk));
        return pageIds;
    }

    @Override
    public void updatePages(Tx tx, List<PageRecord> pages, Map<String, PageIds> ids) {
        List<Object[]> rows = new ArrayList<>(pages.size());
        for (PageRecord p : pages) {
            rows.add(new Object[] {p.title(), p.httpCode(), p.size(), p.encoding(), p.contentEncoding(), p.language(), p.ip(), p.redirectUrl(),
                    p.canonicalUrl(), p.description(), p.linksInternal(), p.linksExternal(), p.firstSeen(), p.lastVisited(), p.prevVisited(),
                    ids.get(p.url()).page()});
        }
        // In id order, as the score job writes its batches: two writers that lock rows in one order cannot deadlock
        // on PostgreSQL. The sort is stable, so repeats of a page keep their order (the later one wins).
        rows.sort(java.util.Comparator.comparingLong(r -> (Long) r[r.length - 1]));
        Jdbc.batch(tx, """
                UPDATE pages SET title = COALESCE(?, title), http_code = COALESCE(?, http_code), size = COALESCE(?, size),
                  encoding = COALESCE(?, encoding), content_encoding = COALESCE(?, content_encoding), language = COALESCE(?, language),
                  ip = COALESCE(?, ip), redirect_url = COALESCE(?, redirect_url), canonical_url = COALESCE(?, canonical_url),
                  description = COALESCE(?, description), links_internal = COALESCE(?, links_internal),
                  links_external = COALESCE(?, links_external), first_seen = COALESCE(?, first_seen),
                  last_visited = COALESCE(?, last_visited), prev_visited = COALESCE(?, prev_visited)
                WHERE id = ?""", rows);
    }

    @Override
    public void upsertLinks(Tx tx, List<LinkRecord> links, Map<String, PageIds> ids) {
        List<Object[]> rows = new ArrayList<>(links.size());
        for (LinkRecord l : links) {
            PageIds to = ids.get(l.urlTo());
            rows.add(new Object[] {ids.get(l.urlFrom()).page(), to.page(), to.domain(), l.anchor(), l.linkType(), l.nofollow(), l.redirect() == null ? 0 : l.redirect(),
                    l.alt(), l.textPre(), l.textPost(), l.original(), l.firstSeen(), l.lastVisited(), l.prevVisited(), l.lostAt()});
        }
        // to_domain_id is the linked page's domain (V6), as ensurePages read it from the page's row. Bound as a value
        // rather than a subquery per row: PostgreSQL planned 128 subqueries for each of the driver's rewritten
        // multi-row INSERTs (parser and planner frames at the top of `perf`); binding the value made a load a third
        // shorter.
        Jdbc.batch(tx, """
                INSERT INTO links (from_page_id, to_page_id, to_domain_id, anchor, link_type, nofollow, redirect, alt, text_pre, text_post,
                                   original, first_seen, last_visited, prev_visited, lost_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (from_page_id, to_page_id, anchor, link_type) DO UPDATE SET
                  nofollow = excluded.nofollow, redirect = excluded.redirect, alt = COALESCE(excluded.alt, links.alt),
                  text_pre = COALESCE(excluded.text_pre, links.text_pre), text_post = COALESCE(excluded.text_post, links.text_post),
                  original = excluded.original, first_seen = COALESCE(excluded.first_seen, links.first_seen),
                  last_visited = COALESCE(excluded.last_visited, links.last_visited),
                  prev_visited = COALESCE(excluded.prev_visited, links.prev_visited), lost_at = excluded.lost_at""", rows);
    }

    @Override
    public Counts counts(Tx tx) {
        return new Counts(Jdbc.count(tx, "SELECT count(*) FROM pages"), Jdbc.count(tx, "SELECT count(*) FROM links"),
                Jdbc.count(tx, "SELECT count(*) FROM domains"));
    }

    /** key -> id for the given keys. */
    private static Map<String, Long> ids(Tx tx, String selectPrefix, Collection<String> keys) {
        Map<String, Long> out = new HashMap<>(keys.size() * 2);
        inChunks(keys, (in, chunk) -> Jdbc.query(tx, selectPrefix + in, rs -> out.put(rs.getString(1), rs.getLong(2)), chunk));
        return out;
    }

    /** Asks for the keys in chunks, so that each IN list, "(?,?,...)", stays small. */
    private static void inChunks(Collection<String> keys, java.util.function.BiConsumer<String, Object[]> ask) {
        List<String> all = new ArrayList<>(keys);
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + IN_CHUNK));
            ask.accept("(" + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")", chunk.toArray());
        }
    }
}
