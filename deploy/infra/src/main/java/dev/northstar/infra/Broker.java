package dev.northstar.infra;

/** A Kafka broker of the local stack: in this JVM ({@link EmbeddedKafka}) or as a process of its own ({@link KafkaProcess}). */
public interface Broker extends AutoCloseable {

    /** Starts the broker (again, on the same ports and log) and returns its bootstrap servers. */
    String start();

    /** {@code localhost:port} of the client listener. */
    String bootstrapServers();

    /** Stops the broker in order; its log stays. */
    @Override
    void close();
}
