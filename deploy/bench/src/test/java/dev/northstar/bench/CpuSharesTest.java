package dev.northstar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A benchmark finds the service by what its java command runs, not by what some other command names. */
class CpuSharesTest {

    private static final String INGEST = "/work/kpi-ingest/target/quarkus-app/quarkus-run.jar";

    @Test
    void theJarAfterDashJarIsTheProgram() {
        assertEquals(INGEST, CpuShares.programOf(List.of("/usr/lib/jvm/java-17/bin/java", "-Xmx512m",
                "-XX:+UseSerialGC", "-jar", INGEST)));
    }

    @Test
    void elseTheMainClassAfterTheOptionsAndTheirValues() {
        assertEquals("dev.northstar.stack.Northstar", CpuShares.programOf(List.of("java", "-Dnorthstar.root=/w",
                "-cp", "deploy/stack/target/northstar-stack.jar:lib/*", "dev.northstar.stack.Northstar", "up")));
        assertEquals("app/Main", CpuShares.programOf(List.of("java", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-m", "app/Main")));
    }

    @Test
    void aCommandThatNamesTheJarAmongItsArgumentsIsNotIt() {
        // a harness run from source with the service's path as its argument, and a shell script doing the same
        assertEquals("/tmp/Harness.java", CpuShares.programOf(List.of("java", "-cp", "lib/*", "/tmp/Harness.java",
                "kpi-ingest/target/quarkus-app")));
        assertEquals("", CpuShares.programOf(List.of("bash", "/tmp/ab.sh", "base:" + INGEST)));
        assertEquals("", CpuShares.programOf(List.of("java", "-version")));
    }

    @Test
    void aPostgresBackendCountsForItsDatabaseAndEverythingElseForTheBackground() {
        assertEquals("northstar_calculator",
                CpuShares.databaseOf("postgres: postgres northstar_calculator 127.0.0.1(52422) idle"));
        assertEquals("northstar_ingest",
                CpuShares.databaseOf("postgres: postgres northstar_ingest 127.0.0.1(40100) INSERT"));
        assertEquals("northstar_reporting", CpuShares.databaseOf("postgres: autovacuum worker northstar_reporting"));
        assertEquals("(background)", CpuShares.databaseOf("postgres: walwriter"));
        assertEquals("(background)", CpuShares.databaseOf("postgres: autovacuum launcher"));
        assertEquals("(background)", CpuShares.databaseOf("/usr/lib/postgresql/bin/postgres -D /data -p 5432"));
    }
}
