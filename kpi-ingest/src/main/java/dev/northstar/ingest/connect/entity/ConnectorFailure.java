package dev.northstar.ingest.connect.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A change an admin must look at (table {@code connector_failure}, migration V4): it mapped to an invalid event
 * ({@code kind = invalid}, the event also on {@code crm.events.dlq}), or it is a Salesforce gap or overflow event
 * naming records to re-sync ({@code kind = gap}).
 */
@Entity
@Table(name = "connector_failure")
public class ConnectorFailure {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String tenant;
    public String source;
    public String kind;
    public String object;
    @Column(name = "record_ids")
    public String recordIds;
    @Column(name = "event_type")
    public String eventType;
    public String reason;
    /** The original payload of the change (cut at 8 KiB). */
    public String payload;
    public OffsetDateTime at;
}
