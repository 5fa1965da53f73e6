/**
 * The contract's one JSON dialect: decimals read as exact {@link java.math.BigDecimal}s, nesting bounded,
 * duplicate keys and trailing garbage refused, no NUL character in text — used by the contract, the schema validation and the wire codecs
 * alike, and depending on none of them.
 */
package dev.northstar.events.json;
