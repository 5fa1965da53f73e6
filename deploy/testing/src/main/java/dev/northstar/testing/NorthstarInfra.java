package dev.northstar.testing;

import dev.northstar.infra.EmbeddedKafka;
import dev.northstar.infra.LocalKeys;
import dev.northstar.infra.LocalPostgres;
import dev.northstar.infra.TopicSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Real infrastructure for a service's {@code @QuarkusTest}s: a Kafka broker with the topics, a PostgreSQL with a
 * fresh database, and the local JWT keys that {@link TestTokens} signs with. Started once per test run, in parallel.
 * Where a Docker engine answers (Testcontainers' probe, {@link Infrastructure#choice()}), both are the containers of
 * the images the deployments use; where none does, the embedded broker (in this JVM) and server of deploy/stack (or
 * the external server that {@code NORTHSTAR_DB_URL} names).
 *
 * <p>Init args: {@code kafka=false} or {@code postgres=false} leave a part out.
 */
public class NorthstarInfra implements QuarkusTestResourceLifecycleManager {

    private static final String DATABASE = "northstar_test";

    private static volatile String bootstrapServers;
    private static volatile EmbeddedKafka runningKafka;
    private static volatile KafkaContainer kafkaContainer;

    private EmbeddedKafka kafka;
    private LocalPostgres postgres;
    private PostgreSQLContainer postgresContainer;
    private boolean withKafka = true;
    private boolean withPostgres = true;

    @Override
    public void init(Map<String, String> initArgs) {
        withKafka = !"false".equals(initArgs.get("kafka"));
        withPostgres = !"false".equals(initArgs.get("postgres"));
    }

    @Override
    public Map<String, String> start() {
        System.setProperty("northstar.test", "true");
        Map<String, String> config = Infrastructure.choice() == Infrastructure.Kind.CONTAINERS ? containers()
                : embedded();
        LocalKeys keys = TestTokens.keys();
        config.put("mp.jwt.verify.publickey.location", keys.publicKeyFile().toUri().toString());
        config.put("mp.jwt.verify.issuer", LocalKeys.ISSUER);
        config.put("mp.jwt.verify.audiences", LocalKeys.AUDIENCE);
        return config;
    }

    private Map<String, String> embedded() {
        Path base = TestTokens.infraDir().resolve(UUID.randomUUID().toString().substring(0, 8));
        Map<String, String> config = new HashMap<>();
        CompletableFuture<LocalPostgres> pg = withPostgres
                ? CompletableFuture.supplyAsync(() -> LocalPostgres.start(base.resolve("postgres"), 0))
                : CompletableFuture.completedFuture(null);
        if (withKafka) {
            kafka = new EmbeddedKafka(base.resolve("kafka"), 0);
            kafka.start();
            TopicSetup.createTopics(kafka.bootstrapServers(), 3);
            bootstrapServers = kafka.bootstrapServers();
            runningKafka = kafka;
            config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        }
        postgres = pg.join();
        if (postgres != null) {
            postgres.createDatabases(List.of(DATABASE));
            database(config, postgres.jdbcUrl(DATABASE), postgres.reactiveUrl(DATABASE), postgres.user(),
                    postgres.password());
        }
        return config;
    }

    /** The containers of the deployments' images; a fresh database in the PostgreSQL container. */
    private Map<String, String> containers() {
        Map<String, String> config = new HashMap<>();
        CompletableFuture<PostgreSQLContainer> pg = withPostgres ? CompletableFuture.supplyAsync(() -> {
            PostgreSQLContainer c = new PostgreSQLContainer(Infrastructure.POSTGRES);
            c.start();
            return c;
        }) : CompletableFuture.completedFuture(null);
        if (withKafka) {
            KafkaContainer k = new KafkaContainer(Infrastructure.KAFKA);
            k.start();
            kafkaContainer = k;
            TopicSetup.createTopics(k.getBootstrapServers(), 3);
            bootstrapServers = k.getBootstrapServers();
            config.put("kafka.bootstrap.servers", k.getBootstrapServers());
        }
        postgresContainer = pg.join();
        if (postgresContainer != null) {
            try (Connection c = DriverManager.getConnection(postgresContainer.getJdbcUrl(),
                    postgresContainer.getUsername(), postgresContainer.getPassword());
                    Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + DATABASE);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not create the test database: " + e.getMessage(), e);
            }
            String hostPort = postgresContainer.getHost() + ":" + postgresContainer.getMappedPort(5432);
            database(config, "jdbc:postgresql://" + hostPort + "/" + DATABASE, "postgresql://" + hostPort + "/"
                    + DATABASE, postgresContainer.getUsername(), postgresContainer.getPassword());
        }
        return config;
    }

    private static void database(Map<String, String> config, String jdbc, String reactive, String user,
            String password) {
        config.put("quarkus.datasource.jdbc.url", jdbc);
        config.put("quarkus.datasource.reactive.url", reactive);
        config.put("quarkus.datasource.username", user);
        config.put("quarkus.datasource.password", password);
    }

    /**
     * Takes the broker away, as an outage would, and {@link #restoreBroker()} brings it back at the same address: the
     * embedded broker is stopped and started on its ports and log; a container is paused and unpaused.
     */
    public static void interruptBroker() {
        if (kafkaContainer != null) {
            kafkaContainer.getDockerClient().pauseContainerCmd(kafkaContainer.getContainerId()).exec();
        } else {
            runningKafka.close();
        }
    }

    /** Brings the broker back after {@link #interruptBroker()}. */
    public static void restoreBroker() {
        if (kafkaContainer != null) {
            kafkaContainer.getDockerClient().unpauseContainerCmd(kafkaContainer.getContainerId()).exec();
        } else {
            runningKafka.start();
        }
    }

    /** The running broker's bootstrap servers (for test code that produces or consumes directly). */
    public static String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (kafkaContainer != null) {
            kafkaContainer.stop();
            kafkaContainer = null;
        }
        if (postgresContainer != null) {
            postgresContainer.stop();
        }
    }
}
