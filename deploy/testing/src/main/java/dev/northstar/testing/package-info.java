/**
 * Real infrastructure for the services' tests: Kafka and PostgreSQL (containers where Docker answers, embedded ones
 * where none does), the local keys tests sign tokens with, and readers and writers of topics.
 */
package dev.northstar.testing;
