package dev.northstar.testing;

import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * Which Kafka and PostgreSQL a test run gets, decided once by Testcontainers' own probe of the Docker engine: where
 * one answers, the containers of the images the deployments use; where none does (as on the project's 2-core build
 * machines), the embedded broker and server of {@code deploy/stack}. Either way a real broker and a real database.
 */
public final class Infrastructure {

    /** The two ways to get real infrastructure. */
    public enum Kind {
        /** Docker containers, started by Testcontainers. */
        CONTAINERS,
        /** The embedded Kafka broker (in this JVM) and the embedded PostgreSQL server (its own process). */
        EMBEDDED
    }

    /** Kafka as compose and Strimzi run it (4.1.0). */
    public static final DockerImageName KAFKA = DockerImageName.parse("apache/kafka:4.1.0");
    /** PostgreSQL as the CloudNativePG cluster of deploy/k8s runs it. */
    public static final DockerImageName POSTGRES = DockerImageName.parse("ghcr.io/cloudnative-pg/postgresql:17")
            .asCompatibleSubstituteFor("postgres");

    private static final Logger LOG = Logger.getLogger(Infrastructure.class);
    private static volatile Kind chosen;

    private Infrastructure() {
    }

    /** The kind for this run: asked of Testcontainers once, logged, then remembered. */
    public static synchronized Kind choice() {
        if (chosen == null) {
            boolean docker = dockerAnswers();
            chosen = docker ? Kind.CONTAINERS : Kind.EMBEDDED;
            LOG.infof("Test infrastructure: %s (Testcontainers' probe: %s)", chosen == Kind.CONTAINERS
                    ? "Kafka " + KAFKA + " and PostgreSQL " + POSTGRES.getUnversionedPart() + " containers"
                    : "embedded Kafka and PostgreSQL", docker ? "a Docker engine answers" : "no Docker engine");
        }
        return chosen;
    }

    /** Testcontainers' probe: whether a Docker engine answers (about half a second when none does). */
    static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
