-- A tenant's read-only database role for Grafana's KPI dashboards, in reporting-api's database (northstar_reporting).
-- Run once per tenant by an operator who may create roles (a superuser; on CloudNativePG: kubectl exec into the
-- primary), after reporting-api has migrated the database (its migration V8 creates reader_tenant and the row-level
-- security policies this role is held by):
--
--   psql -d northstar_reporting -v role=grafana_acme -v tenant=acme -v password="$PASSWORD" -f reader.sql
--
-- The role may log in, read kpi_value, team and insight (only rows of its tenant: row-level security) and its own
-- reader_tenant row, and nothing else; it cannot write. An empty password leaves the role without one (set it later
-- with \password). Running the script again for the same role and tenant changes nothing but the password; a role
-- already mapped to another tenant, a superuser, a role that bypasses row-level security and a role with the rights of
-- the tables' owner are refused.
\set ON_ERROR_STOP on
-- the settings carry the variables into the block below (psql does not interpolate inside it); not echoed
\o /dev/null
SELECT set_config('northstar.reader_role', :'role', false),
       set_config('northstar.reader_tenant', :'tenant', false),
       set_config('northstar.reader_password', :'password', false);
\o

DO $reader$
DECLARE
    v_role     text := current_setting('northstar.reader_role');
    v_tenant   text := current_setting('northstar.reader_tenant');
    v_password text := current_setting('northstar.reader_password');
    v_mapped   text;
BEGIN
    IF v_role = '' OR v_tenant = '' THEN
        RAISE EXCEPTION 'role and tenant are required (psql -v role=... -v tenant=...)';
    END IF;
    IF to_regclass('reader_tenant') IS NULL THEN
        RAISE EXCEPTION 'reader_tenant does not exist: start reporting-api once so that it migrates this database';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = v_role) THEN
        EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS '
                       'NOINHERIT CONNECTION LIMIT 10', v_role);
    ELSIF EXISTS (SELECT FROM pg_roles WHERE rolname = v_role AND (rolsuper OR rolbypassrls)) THEN
        RAISE EXCEPTION 'role % is a superuser or bypasses row-level security: it would see every tenant', v_role;
    END IF;
    -- the tables' owner, and any role with its rights, is not held by row-level security
    IF pg_has_role(v_role, (SELECT relowner FROM pg_class WHERE oid = 'reader_tenant'::regclass), 'USAGE') THEN
        RAISE EXCEPTION 'role % has the rights of the tables'' owner: it would see every tenant', v_role;
    END IF;
    SELECT r.tenant INTO v_mapped FROM reader_tenant r WHERE r.role_name = v_role;
    IF v_mapped IS NOT NULL AND v_mapped <> v_tenant THEN
        RAISE EXCEPTION 'role % already reads tenant %', v_role, v_mapped;
    END IF;
    IF v_password <> '' THEN
        EXECUTE format('ALTER ROLE %I PASSWORD %L', v_role, v_password);
    END IF;
    -- even a table it is granted later stays read-only for it
    EXECUTE format('ALTER ROLE %I SET default_transaction_read_only = on', v_role);
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), v_role);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', v_role);
    EXECUTE format('GRANT SELECT ON kpi_value, team, insight, reader_tenant TO %I', v_role);
    INSERT INTO reader_tenant (role_name, tenant) VALUES (v_role, v_tenant) ON CONFLICT (role_name) DO NOTHING;
END
$reader$;

\o /dev/null
SELECT set_config('northstar.reader_password', '', false);
\o
