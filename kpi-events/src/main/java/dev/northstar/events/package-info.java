/**
 * The event contract every service shares — what a reader of the contract needs and nothing else: the event types
 * and their records ({@link dev.northstar.events.EventType}, {@link dev.northstar.events.EventData},
 * {@link dev.northstar.events.NorthstarEvent}), the time range and period labels ({@link dev.northstar.events.EventTime},
 * {@link dev.northstar.events.Grain}), the KPI catalogue and the values the calculator publishes, the topics, and the
 * shape of a validation problem.
 *
 * <p>Beside it, depending on it and never the other way round: {@code json} (the one JSON dialect: exact decimals,
 * bounded input), {@code schema} (the validator that reports every problem by JSON pointer) and {@code wire} (the
 * CloudEvents codec over HTTP, the Kafka binding and the one deserializer of {@code crm.events}).
 */
package dev.northstar.events;
