-- CRM connectors (issue 21): each tenant's settings and mapping per source, the last known state of the records its
-- mappings need, and the recent changes that could not become valid events.

-- One row per tenant and source (salesforce, hubspot, kintone). origin: the Salesforce org id, the HubSpot portal id
-- or the kintone host whose payloads are taken. secret: the HubSpot app secret (the HMAC key of its signatures),
-- encrypted with the service's connector key (AES-GCM); token_hash: SHA-256 of the webhook token of kintone and of
-- Salesforce outbound messages. Neither is ever returned by the API.
CREATE TABLE connector_settings (
    tenant      text COLLATE "C" NOT NULL,
    source      text COLLATE "C" NOT NULL,
    origin      text,
    secret      bytea,
    token_hash  bytea,
    updated_at  timestamptz      NOT NULL,
    updated_by  text,
    PRIMARY KEY (tenant, source)
);

-- Every version of a tenant's mapping, never overwritten: the events a version made name it (ce_mapping).
CREATE TABLE connector_mapping (
    tenant      text COLLATE "C" NOT NULL,
    source      text COLLATE "C" NOT NULL,
    version     integer          NOT NULL,
    document    text             NOT NULL,
    created_at  timestamptz      NOT NULL,
    created_by  text,
    PRIMARY KEY (tenant, source, version)
);

-- The last known fields of a CRM record, for sources that send only what changed (Salesforce CDC updates, HubSpot
-- property changes): merged after the events of a change are acknowledged.
CREATE TABLE connector_record (
    tenant      text COLLATE "C" NOT NULL,
    source      text COLLATE "C" NOT NULL,
    object      text COLLATE "C" NOT NULL,
    record_id   text COLLATE "C" NOT NULL,
    fields      jsonb            NOT NULL,
    updated_at  timestamptz      NOT NULL,
    PRIMARY KEY (tenant, source, object, record_id)
);

-- What an admin must look at: a change that mapped to an invalid event (also on crm.events.dlq with its payload), a
-- Salesforce gap or overflow event (records to re-sync; nothing is guessed). The newest are kept per tenant.
CREATE TABLE connector_failure (
    id          bigserial        PRIMARY KEY,
    tenant      text COLLATE "C" NOT NULL,
    source      text COLLATE "C" NOT NULL,
    kind        text             NOT NULL,
    object      text,
    record_ids  text,
    event_type  text,
    reason      text             NOT NULL,
    payload     text,
    at          timestamptz      NOT NULL
);
CREATE INDEX connector_failure_recent ON connector_failure (tenant, id DESC);
