/**
 * Validation of an event against its type's JSON Schema ({@code northstar/schemas/}) and the contract's rules a
 * schema cannot say (the time range, source URIs): {@link dev.northstar.events.schema.EventValidator} reports every
 * problem at once, each named by its JSON pointer. Depends on the contract, never on the wire codecs.
 */
package dev.northstar.events.schema;
