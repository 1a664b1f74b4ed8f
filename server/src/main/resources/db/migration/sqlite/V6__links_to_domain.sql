-- The domain of the linked page, kept on the link itself, with an index in link id order: the tables of one row per
-- link into a domain (backlinks, broken_backlinks) pick a page of ids straight from this index, reading only as many
-- entries as the page holds, where through pages_host and links_to_history they read every link into the domain and
-- sorted them to keep 10 (bench/README.md: scenario 4, the metered backlinks call). A page's domain follows from its
-- URL, which never changes, so the copy cannot go stale; the loader writes it with every link.
ALTER TABLE links ADD COLUMN to_domain_id BIGINT;
UPDATE links SET to_domain_id = (SELECT p.domain_id FROM pages p WHERE p.id = links.to_page_id);
CREATE INDEX links_to_domain ON links (to_domain_id, id);
