-- Precomputed v2 answers (api/v2/PrecomputedAnswers): for the targets with the most links, the whole answer of a
-- grouped table (one row per referring domain, anchor, IP, day...) without where, having, order or limit, computed in
-- the background after a load and its scores. A request whose conditions only filter those rows (having, and where on
-- aggregated columns) is answered from them: filtered, ordered and paged in SQL as the live query would be. An answer
-- is used only while the link data's change counter (settings 'linkdata.changes', bumped by every load batch and
-- every score write) still equals data_changes: never a stale row.
CREATE TABLE v2_answers (
    id           INTEGER PRIMARY KEY,
    table_name   TEXT   NOT NULL,
    mode         TEXT   NOT NULL,
    domain       TEXT   NOT NULL,
    -- no domain under it (*.domain) existed: the answer is also mode=subdomains' (the same pages)
    also_subdomains BOOLEAN NOT NULL,
    data_changes BIGINT NOT NULL, -- -1 while its rows are being written
    row_count    BIGINT NOT NULL,
    stats        TEXT,            -- JSON object: the table's stats, or a one-object table's values
    computed_at  BIGINT NOT NULL,
    millis       BIGINT NOT NULL
);
CREATE INDEX v2_answers_target ON v2_answers (domain, table_name, mode);

-- The rows of an answer in typed slots: each table's columns and order keys are given slots by api/v2/AnswerLayout,
-- in catalogue order (text, whole numbers and dates as epoch milliseconds, reals, booleans).
CREATE TABLE v2_answer_rows (
    answer_id    BIGINT NOT NULL,
    row_no       BIGINT NOT NULL,
    txt0 TEXT,
    txt1 TEXT,
    txt2 TEXT,
    txt3 TEXT,
    txt4 TEXT,
    txt5 TEXT,
    txt6 TEXT,
    txt7 TEXT,
    txt8 TEXT,
    txt9 TEXT,
    txt10 TEXT,
    txt11 TEXT,
    txt12 TEXT,
    txt13 TEXT,
    txt14 TEXT,
    txt15 TEXT,
    num0 BIGINT,
    num1 BIGINT,
    num2 BIGINT,
    num3 BIGINT,
    num4 BIGINT,
    num5 BIGINT,
    num6 BIGINT,
    num7 BIGINT,
    num8 BIGINT,
    num9 BIGINT,
    num10 BIGINT,
    num11 BIGINT,
    num12 BIGINT,
    num13 BIGINT,
    num14 BIGINT,
    num15 BIGINT,
    num16 BIGINT,
    num17 BIGINT,
    num18 BIGINT,
    num19 BIGINT,
    real0 REAL,
    real1 REAL,
    real2 REAL,
    real3 REAL,
    bool0 BOOLEAN,
    bool1 BOOLEAN,
    bool2 BOOLEAN,
    bool3 BOOLEAN,
    bool4 BOOLEAN,
    bool5 BOOLEAN,
    bool6 BOOLEAN,
    bool7 BOOLEAN,
    bool8 BOOLEAN,
    bool9 BOOLEAN,
    bool10 BOOLEAN,
    bool11 BOOLEAN,
    PRIMARY KEY (answer_id, row_no)
);
