-- What the consumers of every service put aside in northstar.quarantine (records that could never be stored), for
-- GET /v1/quarantine: one row per record and consumer group, listed newest first to the admins of its tenant.
CREATE TABLE quarantined_record (
    consumer_group  text        NOT NULL,
    topic           text        NOT NULL,
    partition       integer     NOT NULL,
    record_offset   bigint      NOT NULL,
    tenant          text        NOT NULL,
    reason          text        NOT NULL,
    quarantined_at  timestamptz NOT NULL,
    record_key      text,
    event_type      text,
    event_id        text,
    value_text      text,
    PRIMARY KEY (consumer_group, topic, partition, record_offset)
);

CREATE INDEX quarantined_record_tenant ON quarantined_record (tenant, quarantined_at DESC, consumer_group, topic,
                                                              partition, record_offset);
