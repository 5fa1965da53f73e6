package dev.northstar.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The embedded Kafka broker run as a process of its own, so that it can be killed with SIGKILL as a crashed broker
 * is — what the fault run does to it while requests are in flight. It runs on the classpath of this JVM, writes
 * to a log file, and is started again on the same ports and log directory. {@code ./northstar up} keeps the broker
 * in its own JVM ({@link EmbeddedKafka}), which starts faster.
 */
public final class KafkaProcess implements Broker {

    private static final String READY = "northstar-kafka-ready ";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final Path log;
    private Process process;

    /**
     * @param dataDir where the log lives
     * @param port the client port ({@code 0} picks a free one)
     * @param log the file the broker's output is appended to
     */
    public KafkaProcess(Path dataDir, int port, Path log) {
        this.dataDir = dataDir;
        this.port = port == 0 ? EmbeddedKafka.freePort() : port;
        this.controllerPort = EmbeddedKafka.freePort();
        this.log = log;
    }

    /** Starts the broker's process and waits until the broker inside it has started. */
    @Override
    public synchronized String start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        try {
            Files.createDirectories(log.getParent());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xms128m", "-Xmx768m",
                    "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                    KafkaProcess.class.getName(), dataDir.toString(), String.valueOf(port),
                    String.valueOf(controllerPort)))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the broker's process did not start: " + e.getMessage(), e);
        }
        String marker = READY + process.pid();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker's process exited with " + process.exitValue() + "; see "
                        + log);
            }
            try {
                if (Files.readString(log, StandardCharsets.UTF_8).contains(marker)) {
                    return bootstrapServers();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        process.destroyForcibly();
        throw new IllegalStateException("the broker did not start within " + READY_TIMEOUT.toSeconds() + " s; see "
                + log);
    }

    @Override
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Kills the broker with SIGKILL, as a crash would, and waits until it is gone. */
    public synchronized void kill() {
        if (process != null) {
            try {
                process.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the broker in order (SIGTERM; SIGKILL after 60 s). */
    @Override
    public synchronized void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The broker's process: {@code KafkaProcess <log dir> <port> <controller port>}. */
    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafka kafka = new EmbeddedKafka(Path.of(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]));
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "kafka-shutdown"));
        System.out.println(READY + ProcessHandle.current().pid());
        System.out.flush();
        Thread.currentThread().join();
    }
}
