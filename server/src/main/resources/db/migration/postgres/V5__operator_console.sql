-- The operator console (/admin): the audit log viewer filters by account and by app, newest first, and the
-- review queue lists apps by status.
CREATE INDEX audit_log_account ON audit_log (account_id, at);
CREATE INDEX audit_log_app ON audit_log (app_id, at);
CREATE INDEX apps_status ON apps (status);
