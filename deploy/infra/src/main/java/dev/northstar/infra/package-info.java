/**
 * What starts Kafka and PostgreSQL on one machine, and nothing else: a real Apache Kafka broker in this JVM
 * ({@link dev.northstar.infra.EmbeddedKafka}), a real PostgreSQL server as a child process
 * ({@link dev.northstar.infra.LocalPostgres}), the topics every service expects ({@link dev.northstar.infra.TopicSetup})
 * and the clearly marked local-development signing key ({@link dev.northstar.infra.LocalKeys}). The local stack and
 * every service's tests stand on it.
 */
package dev.northstar.infra;
