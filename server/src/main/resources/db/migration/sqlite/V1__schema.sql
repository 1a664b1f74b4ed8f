-- Rowgate schema, SQLite dialect. The PostgreSQL twin (../postgres/V1__schema.sql) has the same tables,
-- columns and indexes. Times are epoch milliseconds (BIGINT) in both, so that both databases
-- compare and order them identically. Secrets (tokens, codes, client secrets, session ids) are stored only
-- as SHA-256 hex hashes; passwords as Argon2id PHC strings.

CREATE TABLE plans (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL UNIQUE,
    integration_rows BIGINT  NOT NULL CHECK (integration_rows >= 0),
    api_rows         BIGINT  NOT NULL CHECK (api_rows >= 0),
    period           TEXT    NOT NULL DEFAULT 'monthly' CHECK (period IN ('monthly')),
    created_at       BIGINT  NOT NULL
);

CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    email           TEXT    NOT NULL UNIQUE,
    password_hash   TEXT    NOT NULL,
    role            TEXT    NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    status          TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    plan_id         BIGINT  REFERENCES plans (id),
    plan_started_at BIGINT,
    plan_ends_at    BIGINT,
    created_at      BIGINT  NOT NULL
);

-- Browser sessions live in the database so that any node can serve any request.
CREATE TABLE sessions (
    id_hash      TEXT    PRIMARY KEY,
    account_id   BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    csrf_token   TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL,
    last_seen_at BIGINT  NOT NULL,
    ip           TEXT
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Login throttling per account and per IP (key = 'account:<email>' or 'ip:<addr>').
CREATE TABLE login_throttle (
    throttle_key    TEXT    PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at BIGINT  NOT NULL,
    locked_until    BIGINT  NOT NULL
);

CREATE TABLE apps (
    id                INTEGER PRIMARY KEY,
    client_id         TEXT    NOT NULL UNIQUE CHECK (length(client_id) BETWEEN 1 AND 100),
    name              TEXT    NOT NULL,
    description       TEXT    NOT NULL DEFAULT '',
    type              TEXT    NOT NULL CHECK (type IN ('web', 'desktop')),
    owner_account_id  BIGINT  REFERENCES accounts (id),
    status            TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'suspended')),
    website           TEXT,
    logo_url          TEXT,
    legacy_token_flow INTEGER,            -- NULL: the deployment's default (desktop.legacy_token_flow)
    created_at        BIGINT  NOT NULL,
    updated_at        BIGINT  NOT NULL
);
CREATE INDEX apps_owner ON apps (owner_account_id);

CREATE TABLE app_redirect_uris (
    app_id   BIGINT  NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    uri      TEXT    NOT NULL,
    PRIMARY KEY (app_id, position)
);

-- Several secrets at once allow rotation with overlap: the old one works until expires_at.
CREATE TABLE app_secrets (
    id          INTEGER PRIMARY KEY,
    app_id      BIGINT  NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    secret_hash TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT
);
CREATE INDEX app_secrets_app ON app_secrets (app_id);

-- A grant is a user's standing consent to one app (rows.md); every code and token points at one.
CREATE TABLE grants (
    id           INTEGER PRIMARY KEY,
    account_id   BIGINT  NOT NULL REFERENCES accounts (id),
    app_id       BIGINT  NOT NULL REFERENCES apps (id),
    scope        TEXT    NOT NULL,
    monthly_cap  BIGINT  CHECK (monthly_cap >= 0),
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL,
    revoked_at   BIGINT,
    last_used_at BIGINT
);
CREATE UNIQUE INDEX grants_active ON grants (account_id, app_id) WHERE revoked_at IS NULL;
CREATE INDEX grants_app ON grants (app_id);

CREATE TABLE authorization_codes (
    id                    INTEGER PRIMARY KEY,
    code_hash             TEXT    NOT NULL UNIQUE,
    app_id                BIGINT  NOT NULL REFERENCES apps (id),
    account_id            BIGINT  NOT NULL REFERENCES accounts (id),
    grant_id              BIGINT  NOT NULL REFERENCES grants (id),
    redirect_uri          TEXT    NOT NULL,
    redirect_uri_sent     INTEGER NOT NULL,  -- RFC 6749 §4.1.3: then the token request must repeat it
    code_challenge        TEXT,
    code_challenge_method TEXT,
    scope                 TEXT    NOT NULL,
    created_at            BIGINT  NOT NULL,
    expires_at            BIGINT  NOT NULL,
    consumed_at           BIGINT
);
CREATE INDEX authorization_codes_expires ON authorization_codes (expires_at);

CREATE TABLE device_codes (
    id               INTEGER PRIMARY KEY,
    device_code_hash TEXT    NOT NULL UNIQUE,
    user_code        TEXT    NOT NULL UNIQUE,
    app_id           BIGINT  NOT NULL REFERENCES apps (id),
    scope            TEXT    NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied', 'consumed')),
    account_id       BIGINT  REFERENCES accounts (id),
    grant_id         BIGINT  REFERENCES grants (id),
    interval_seconds INTEGER NOT NULL,
    last_polled_at   BIGINT,
    created_at       BIGINT  NOT NULL,
    expires_at       BIGINT  NOT NULL
);
CREATE INDEX device_codes_expires ON device_codes (expires_at);

-- Access and refresh tokens. family_id groups a refresh chain (RFC 9700 §4.14.2); code_id links the tokens
-- issued from one authorization code (RFC 6749 §4.1.2); successor_sealed holds the pair a rotation produced,
-- encrypted under a key derived from the rotated refresh token, for the idempotent grace window only.
CREATE TABLE tokens (
    id               INTEGER PRIMARY KEY,
    token_hash       TEXT    NOT NULL UNIQUE,
    kind             TEXT    NOT NULL CHECK (kind IN ('access', 'refresh')),
    app_id           BIGINT  NOT NULL REFERENCES apps (id),
    account_id       BIGINT  NOT NULL REFERENCES accounts (id),
    grant_id         BIGINT  NOT NULL REFERENCES grants (id),
    family_id        TEXT    NOT NULL,
    code_id          BIGINT,
    parent_id        BIGINT,
    scope            TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    expires_at       BIGINT  NOT NULL,
    revoked_at       BIGINT,
    rotated_at       BIGINT,
    successor_sealed BLOB
);
CREATE INDEX tokens_grant ON tokens (grant_id);
CREATE INDEX tokens_family ON tokens (family_id);
CREATE INDEX tokens_code ON tokens (code_id);
CREATE INDEX tokens_expires ON tokens (expires_at);

CREATE TABLE personal_api_keys (
    id           INTEGER PRIMARY KEY,
    account_id   BIGINT  NOT NULL REFERENCES accounts (id),
    name         TEXT    NOT NULL,
    key_hash     TEXT    NOT NULL UNIQUE,
    created_at   BIGINT  NOT NULL,
    revoked_at   BIGINT,
    last_used_at BIGINT
);
CREATE INDEX personal_api_keys_account ON personal_api_keys (account_id);

-- The ledger (rows.md): entries are the truth, counters cache their sums per period. Only Ledger writes them.
CREATE TABLE ledger_entries (
    id              INTEGER PRIMARY KEY,
    account_id      BIGINT  NOT NULL REFERENCES accounts (id),
    allowance       TEXT    NOT NULL CHECK (allowance IN ('integration', 'api')),
    grant_id        BIGINT  REFERENCES grants (id),
    api_key_id      BIGINT  REFERENCES personal_api_keys (id),
    request_id      TEXT    NOT NULL,
    idempotency_key TEXT,
    row_count       BIGINT  NOT NULL CHECK (row_count >= 0),
    period_start    BIGINT  NOT NULL,
    created_at      BIGINT  NOT NULL,
    replay_body     BLOB,
    CHECK ((grant_id IS NULL) <> (api_key_id IS NULL))
);
CREATE UNIQUE INDEX ledger_entries_idempotency ON ledger_entries (account_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX ledger_entries_account_time ON ledger_entries (account_id, created_at);
CREATE INDEX ledger_entries_grant_time ON ledger_entries (grant_id, created_at);

CREATE TABLE allowance_usage (
    account_id   BIGINT NOT NULL REFERENCES accounts (id),
    allowance    TEXT   NOT NULL CHECK (allowance IN ('integration', 'api')),
    period_start BIGINT NOT NULL,
    used         BIGINT NOT NULL CHECK (used >= 0),
    PRIMARY KEY (account_id, allowance, period_start)
);

CREATE TABLE grant_usage (
    grant_id     BIGINT NOT NULL REFERENCES grants (id),
    period_start BIGINT NOT NULL,
    used         BIGINT NOT NULL CHECK (used >= 0),
    PRIMARY KEY (grant_id, period_start)
);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         BIGINT  NOT NULL,
    event      TEXT    NOT NULL,
    account_id BIGINT,
    app_id     BIGINT,
    ip         TEXT,
    detail     TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_event ON audit_log (event, at);

-- Operator settings: submissions open/closed and message, sunset dates per access path.
CREATE TABLE settings (
    name       TEXT   PRIMARY KEY,
    value      TEXT   NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Loaded link data (api-v2.md). Scores are recomputed in the background after a load.
CREATE TABLE domains (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    domain_rating INTEGER NOT NULL DEFAULT 0,
    ahrefs_top    BIGINT  NOT NULL DEFAULT 0
);

CREATE TABLE pages (
    id               INTEGER PRIMARY KEY,
    url              TEXT    NOT NULL UNIQUE,
    host             TEXT    NOT NULL,
    domain_id        BIGINT  NOT NULL REFERENCES domains (id),
    title            TEXT,
    http_code        INTEGER,
    size             BIGINT,
    encoding         TEXT,
    content_encoding TEXT,
    language         TEXT,
    ip               TEXT,
    redirect_url     TEXT,
    canonical_url    TEXT,
    description      TEXT,
    links_internal   INTEGER NOT NULL DEFAULT 0,
    links_external   INTEGER NOT NULL DEFAULT 0,
    first_seen       BIGINT,
    last_visited     BIGINT,
    prev_visited     BIGINT,
    ahrefs_rank      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX pages_host ON pages (host);
CREATE INDEX pages_domain ON pages (domain_id);

CREATE TABLE links (
    id           INTEGER PRIMARY KEY,
    from_page_id BIGINT  NOT NULL REFERENCES pages (id),
    to_page_id   BIGINT  NOT NULL REFERENCES pages (id),
    anchor       TEXT    NOT NULL DEFAULT '',
    link_type    TEXT    NOT NULL DEFAULT 'href',
    nofollow     INTEGER NOT NULL DEFAULT 0,
    redirect     INTEGER NOT NULL DEFAULT 0,
    alt          TEXT,
    text_pre     TEXT,
    text_post    TEXT,
    original     INTEGER NOT NULL DEFAULT 1,
    first_seen   BIGINT,
    last_visited BIGINT,
    prev_visited BIGINT,
    lost_at      BIGINT,
    UNIQUE (from_page_id, to_page_id, anchor, link_type)
);
CREATE INDEX links_to ON links (to_page_id);
