package dev.northstar.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InfrastructureTest {

    /**
     * The choice follows Testcontainers' probe, and the probe follows the machine: with no Docker socket and no
     * DOCKER_HOST (the project's build machines), the tests run on the embedded broker and server; with an engine,
     * on the deployments' containers.
     */
    @Test
    void theChoiceIsTheProbesAndTheProbeSeesThisMachine() {
        boolean engine = Infrastructure.dockerAnswers();
        assertEquals(engine ? Infrastructure.Kind.CONTAINERS : Infrastructure.Kind.EMBEDDED, Infrastructure.choice());
        boolean socket = Files.exists(Path.of("/var/run/docker.sock")) || System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!socket) {
            assertEquals(Infrastructure.Kind.EMBEDDED, Infrastructure.choice(), "no engine to reach on this machine");
        }
        System.out.println("Test infrastructure on this machine: " + Infrastructure.choice());
    }
}
