package dev.northstar.testing;

import dev.northstar.stack.EmbeddedKafka;
import dev.northstar.stack.LocalKeys;
import dev.northstar.stack.LocalPostgres;
import dev.northstar.stack.TopicSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Real infrastructure for a service's {@code @QuarkusTest}s: an in-process Kafka broker with the five topics,
 * an embedded PostgreSQL with a fresh database (or the external server that {@code NORTHSTAR_DB_URL} names),
 * and the local JWT keys that {@link TestTokens} signs with. Started once per test run, in parallel.
 *
 * <p>Init args: {@code kafka=false} or {@code postgres=false} leave a part out.
 */
public class NorthstarInfra implements QuarkusTestResourceLifecycleManager {

    private static volatile String bootstrapServers;
    private static volatile EmbeddedKafka runningKafka;

    private EmbeddedKafka kafka;
    private LocalPostgres postgres;
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
            String database = "northstar_test";
            postgres.createDatabases(List.of(database));
            config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
            config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
            config.put("quarkus.datasource.username", postgres.user());
            config.put("quarkus.datasource.password", postgres.password());
        }
        LocalKeys keys = TestTokens.keys();
        config.put("mp.jwt.verify.publickey.location", keys.publicKeyFile().toUri().toString());
        config.put("mp.jwt.verify.issuer", LocalKeys.ISSUER);
        config.put("mp.jwt.verify.audiences", LocalKeys.AUDIENCE);
        return config;
    }

    /** The running broker's bootstrap servers (for test code that produces or consumes directly). */
    public static String bootstrapServers() {
        return bootstrapServers;
    }

    /** The running broker, for tests that stop and restart it (same port, same log). */
    public static EmbeddedKafka kafka() {
        return runningKafka;
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
