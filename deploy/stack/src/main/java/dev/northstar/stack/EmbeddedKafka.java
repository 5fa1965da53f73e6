package dev.northstar.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) started in this JVM from the
 * {@code kafka_2.13} artifact: what the local stack and every service's tests run against.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    /**
     * @param dataDir where the log lives; kept between runs unless the caller deletes it
     * @param port the client port ({@code 0} picks a free one)
     */
    public EmbeddedKafka(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port == 0 ? freePort() : port;
        this.controllerPort = freePort();
    }

    /** Formats the log directory if it is new and starts the broker; returns the bootstrap servers. */
    public String start() {
        try {
            Files.createDirectories(dataDir);
            Path config = dataDir.resolve("server.properties");
            Properties props = properties();
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "Northstar embedded Kafka broker");
            }
            Path clusterIdFile = dataDir.resolve("cluster.id");
            if (!Files.exists(clusterIdFile)) {
                Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
            }
            String clusterId = Files.readString(clusterIdFile).trim();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int rc = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString(),
                "--ignore-formatted"}, new PrintStream(output, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("Formatting Kafka storage failed: " + output);
            }
            server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
            server.startup();
            return bootstrapServers();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code localhost:port} of the client listener. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("log").toString());
        p.put("num.partitions", "6");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.backoff.ms", "1000");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        return p;
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** A TCP port that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
