/**
 * How events travel: CloudEvents over HTTP in structured and batch mode ({@link dev.northstar.events.wire.EventCodec}),
 * the Kafka binding kpi-ingest writes {@code crm.events} with ({@link dev.northstar.events.wire.KafkaBinding}), and
 * the one deserializer every consumer reads {@code crm.events} through
 * ({@link dev.northstar.events.wire.CrmEventDeserializer}).
 */
package dev.northstar.events.wire;
