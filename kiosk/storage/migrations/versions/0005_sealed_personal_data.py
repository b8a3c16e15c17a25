"""personal data sealed at rest under per-draft data keys; append-only history on PostgreSQL

Existing rows are sealed in place when the kiosk's keys are handed over (``flask init-db`` does):
each application gets a data key, its personal fields and its pages' readings, commitments and
scan files are sealed with it, its applicant key is recomputed with the ID-number lookup key, and
the plaintext columns are dropped. Plaintext scan files left behind become orphans, which the
start-up sweep deletes.

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-04
"""
import json

from alembic import op
import sqlalchemy as sa

from kiosk.domain.codes import id_lookup_key
from kiosk.storage import personal, sealing

revision = '0005'
down_revision = '0003'
branch_labels = None
depends_on = None

SEALED = {   # table: (plaintext column, sealed column, kind)
    'applications': (('applicant_name', 'sealed_name', 'text'), ('card', 'sealed_card', 'json'),
                     ('form', 'sealed_form', 'json'), ('review', 'sealed_review', 'json')),
    'pages': (('reading', 'sealed_reading', 'json'),),
    'commitments': (('text', 'sealed_text', 'text'), ('signature_png', 'sealed_signature', 'bytes')),
}

# PostgreSQL: the audit chain and the state history are append-only even for the table owner;
# a wiped draft may take its transitions with it, a submitted case is never deleted.
GUARDS = """
CREATE OR REPLACE FUNCTION kiosk_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on % refused: the kiosk''s history is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE OR REPLACE FUNCTION kiosk_transition_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM applications a WHERE a.id = OLD.application_id AND a.number IS NOT NULL) THEN
        RAISE EXCEPTION 'DELETE on transitions refused: the kiosk''s history is append-only'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END $$;
CREATE OR REPLACE FUNCTION kiosk_audit_head_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id <> OLD.id OR NEW.seq NOT IN (OLD.seq, OLD.seq + 1) THEN
        RAISE EXCEPTION 'moving the audit head from % to % refused: the kiosk''s history is append-only',
            OLD.seq, NEW.seq USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION kiosk_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION kiosk_refuse_change();
CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION kiosk_audit_head_moved();
CREATE TRIGGER audit_head_kept BEFORE DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION kiosk_refuse_change();
CREATE TRIGGER transitions_append_only BEFORE UPDATE ON transitions
    FOR EACH ROW EXECUTE FUNCTION kiosk_refuse_change();
CREATE TRIGGER transitions_of_drafts_only BEFORE DELETE ON transitions
    FOR EACH ROW EXECUTE FUNCTION kiosk_transition_deleted();
CREATE TRIGGER transitions_no_truncate BEFORE TRUNCATE ON transitions
    FOR EACH STATEMENT EXECUTE FUNCTION kiosk_refuse_change();
CREATE TRIGGER applications_keep_submitted BEFORE DELETE ON applications
    FOR EACH ROW WHEN (OLD.number IS NOT NULL) EXECUTE FUNCTION kiosk_refuse_change();
"""


def upgrade() -> None:
    attributes = op.get_context().config.attributes
    keyring, scans = attributes.get('keyring'), attributes.get('scans')
    existing = op.get_bind().exec_driver_sql('SELECT count(*) FROM applications').scalar()
    if existing and (keyring is None or scans is None):
        # Checked before any change: SQLite commits each ALTER TABLE at once.
        raise RuntimeError("the database holds applications whose personal data must be sealed: "
                           "upgrade it with `flask init-db`, which hands over the kiosk's keys")
    op.add_column('applications', sa.Column('data_key', sa.LargeBinary(), nullable=True))
    columns = [(table, plain, sealed) for table, fields in SEALED.items() for plain, sealed, _kind in fields]
    for table, _plain, sealed in columns:
        op.add_column(table, sa.Column(sealed, sa.LargeBinary(), nullable=True))
    if existing:
        _seal_existing_rows(keyring, scans)
    for table, plain, _sealed in columns:
        # Native DROP COLUMN (SQLite ≥ 3.35): a batch copy of applications would cascade-delete its pages.
        op.execute(f'ALTER TABLE {table} DROP COLUMN {plain}')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(GUARDS)


def _seal_existing_rows(keyring, scans) -> None:
    conn = op.get_bind()
    kek, lookup = keyring.derive('data'), keyring.derive('lookup')
    keys = {}
    for row in conn.exec_driver_sql('SELECT id, applicant_name, card, form, review FROM applications').mappings():
        keys[row['id']] = key = sealing.new_data_key()
        card = _json(row['card'])
        values = {'data_key': sealing.wrap_key(kek, key),
                  'applicant_key': id_lookup_key(lookup, card['id_number']) if card else None}
        values.update(_sealed(key, 'applications', SEALED['applications'], row))
        _update(conn, 'applications', row['id'], values)
    for row in conn.exec_driver_sql('SELECT id, application_id, reading, scan_id, view_scan_id FROM pages').mappings():
        key = keys[row['application_id']]
        values = _sealed(key, 'pages', SEALED['pages'], row)
        for column in ('scan_id', 'view_scan_id'):
            if row[column] and scans.path(row[column]).exists():
                plain = scans.path(row[column]).read_bytes()
                values[column] = scans.put(plain, key, row[column].rsplit('.', 1)[1])[0]
        _update(conn, 'pages', row['id'], values)
    for row in conn.exec_driver_sql('SELECT id, application_id, text, signature_png FROM commitments').mappings():
        _update(conn, 'commitments', row['id'],
                _sealed(keys[row['application_id']], 'commitments', SEALED['commitments'], row))


def _sealed(key: bytes, table: str, columns, row) -> dict:
    """The sealed form of each plaintext column, as kiosk.storage.personal.Sealed writes it."""
    out = {}
    for plain, sealed, kind in columns:
        value = _json(row[plain]) if kind == 'json' else row[plain]
        out[sealed] = None if value is None else sealing.seal(key, personal.encode(kind, value),
                                                              personal.associated_data(table, plain))
    return out


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def _update(conn, table: str, row_id: int, values: dict) -> None:
    conn.execute(sa.text(f"UPDATE {table} SET {', '.join(f'{k} = :{k}' for k in values)} WHERE id = :row_id"),
                 {**values, 'row_id': row_id})


def downgrade() -> None:
    raise NotImplementedError("sealed personal data is not turned back into plaintext")
