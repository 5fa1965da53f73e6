/**
 * The HTTP door for events: CloudEvents structured, binary and batch mode, validated, registered against duplicates
 * and acknowledged (202) only after Kafka has them.
 */
package dev.northstar.ingest.rest;
