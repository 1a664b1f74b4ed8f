-- An answer of more rows than PrecomputeJob keeps holds its first rows in the table's default order only (complete =
-- FALSE): it answers a request in that order whose page it holds whole, found by asking it for the page (PrecomputedAnswers).
ALTER TABLE v2_answers ADD COLUMN complete BOOLEAN NOT NULL DEFAULT TRUE;
