package dev.northstar.events;

import java.util.List;

/** The topics of the architecture; services, the local stack and the tests all use these names. */
public final class Topics {

    /** Valid CRM events, keyed {@code tenant/accountId} (or {@code tenant/teamId}). */
    public static final String CRM_EVENTS = "crm.events";
    /** CRM events as Kafka Connect delivers them, before validation. */
    public static final String CRM_EVENTS_RAW = "crm.events.raw";
    /**
     * Salesforce Change Data Capture events as JSON, as a Salesforce source connector or an integration platform writes
     * them ({@code crm.salesforce.cdc.<tenant>} per tenant); mapped by kpi-ingest's Salesforce connector.
     */
    public static final String SALESFORCE_CDC = "crm.salesforce.cdc";
    /** Raw events that failed validation, with the reason in headers. */
    public static final String CRM_EVENTS_DLQ = "crm.events.dlq";
    /** Every KPI value, compacted by {@code tenant/team/kpi/grain/period}. */
    public static final String KPI_VALUES = "kpi.values";
    /** Every insight, compacted by {@code tenant/insightId}. */
    public static final String KNOWLEDGE_INSIGHTS = "knowledge.insights";

    /**
     * Records that a consumer could never store (a poison record), each with the reason, the consumer group and where it
     * came from in headers; kept until deleted, listed by reporting-api's {@code GET /v1/quarantine}.
     */
    public static final String QUARANTINE = "northstar.quarantine";

    /** Topics kept by time. */
    public static final List<String> RETAINED = List.of(CRM_EVENTS_RAW, CRM_EVENTS_DLQ, SALESFORCE_CDC);
    /** Topics kept until deleted: the source of every replay, and what waits for an operator. */
    public static final List<String> KEPT = List.of(CRM_EVENTS, QUARANTINE);
    /** Topics compacted by key. */
    public static final List<String> COMPACTED = List.of(KPI_VALUES, KNOWLEDGE_INSIGHTS);

    private Topics() {
    }
}
