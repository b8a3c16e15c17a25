-- The kiosk's PostgreSQL role: it reads and writes its tables but can only append to the audit
-- log and to the state history. The tables stay owned by the role that runs `flask init-db`
-- (migrations); the kiosk itself connects as kiosk_app. Run as that owner, after `flask init-db`:
--   psql -v ON_ERROR_STOP=1 -d kiosk -f scripts/postgres-roles.sql
-- then give kiosk_app a password (\password kiosk_app) and put it in the kiosk's DATABASE_URL.
-- Run it again after a migration that adds tables. Triggers (migration 0005) refuse UPDATE and
-- DELETE on the audit log and the history even to the owner; these grants keep the kiosk from
-- trying, and from turning the triggers off.
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kiosk_app') THEN
        CREATE ROLE kiosk_app LOGIN;
    END IF;
END $$;
GRANT USAGE ON SCHEMA public TO kiosk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kiosk_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO kiosk_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM kiosk_app;
REVOKE DELETE, TRUNCATE ON audit_head FROM kiosk_app;        -- UPDATE moves the head one entry on
REVOKE UPDATE, TRUNCATE ON transitions FROM kiosk_app;       -- DELETE stays: a wiped draft takes its own
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM kiosk_app;
