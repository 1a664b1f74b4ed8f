package dev.rowgate.linkdata;

import dev.rowgate.store.Tx;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Loaded pages, links and domains. Every write is an upsert, so loading a file again adds and updates. */
public interface LinkDataStore {

    /** A stored page's id and its domain's id, as its row holds them. */
    record PageIds(long page, long domain) {}

    /** Creates the pages of these normalized URLs that do not exist (with their domains) and returns their ids. */
    Map<String, PageIds> ensurePages(Tx tx, Collection<String> urls);

    /** Sets the fields a page record carries, keeping the stored value of each field it leaves out. */
    void updatePages(Tx tx, List<PageRecord> pages, Map<String, PageIds> ids);

    /** Inserts or updates links (one row per from, to, anchor and type); the list holds each key once. */
    void upsertLinks(Tx tx, List<LinkRecord> links, Map<String, PageIds> ids);

    record Counts(long pages, long links, long domains) {}

    Counts counts(Tx tx);
}
