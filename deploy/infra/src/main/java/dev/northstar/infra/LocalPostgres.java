package dev.northstar.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real PostgreSQL server for the local stack and the tests: the zonky embedded binaries by default, or an
 * external server when {@code NORTHSTAR_DB_URL} (or the system property {@code northstar.db.url}) names one,
 * as {@code postgresql://user:password@host:port}. Each service gets a database of its own.
 */
public final class LocalPostgres implements AutoCloseable {

    /** The databases of the four services: each service owns its schema. */
    public static final List<String> SERVICE_DATABASES = List.of("northstar_ingest", "northstar_calculator",
            "northstar_knowledge", "northstar_reporting");

    private final EmbeddedPostgres embedded;
    private final Path dataDir;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private LocalPostgres(EmbeddedPostgres embedded, Path dataDir, String host, int port, String user,
            String password) {
        this.embedded = embedded;
        this.dataDir = dataDir;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /**
     * Starts (or finds) the server.
     *
     * @param dataDir where an embedded server keeps its data; kept between runs
     * @param port the embedded server's port ({@code 0} picks a free one)
     */
    public static LocalPostgres start(Path dataDir, int port) {
        String external = System.getProperty("northstar.db.url", System.getenv("NORTHSTAR_DB_URL"));
        if (external != null && !external.isBlank()) {
            URI uri = URI.create(external);
            String[] credentials = uri.getUserInfo() == null ? new String[] {"postgres", ""}
                    : uri.getUserInfo().split(":", 2);
            return new LocalPostgres(null, null, uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), credentials[0],
                    credentials.length > 1 ? credentials[1] : "");
        }
        Path binaries = dataDir.resolveSibling(dataDir.getFileName() + "-binaries");
        IOException last = null;
        // a port picked as free can still be taken before the postmaster binds it: then try another
        for (int attempt = 0; attempt < (port == 0 ? 3 : 1); attempt++) {
            try {
                Files.createDirectories(binaries);
                EmbeddedPostgres pg = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(false)
                        .setOverrideWorkingDirectory(binaries.toFile())
                        .setPort(port == 0 ? EmbeddedKafka.freePort() : port)
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", isTest() ? "off" : "on")
                        // the library's default is off: a commit answered would be lost if the server died
                        .setServerConfig("synchronous_commit", "on")
                        .setRegisterShutdownHook(true)
                        .start();
                return new LocalPostgres(pg, dataDir, "localhost", pg.getPort(), "postgres", "postgres");
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("PostgreSQL did not start: " + last.getMessage(), last);
    }

    private static boolean isTest() {
        return Boolean.getBoolean("northstar.test");
    }

    /** Creates each database that does not exist yet. */
    public void createDatabases(List<String> names) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?");
                Statement create = c.createStatement()) {
            for (String name : names) {
                if (!name.matches("[a-z_][a-z0-9_]*")) {
                    throw new IllegalArgumentException("not a database name: " + name);
                }
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        create.execute("CREATE DATABASE " + name);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create databases: " + e.getMessage(), e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The URL form that Quarkus's reactive client takes. */
    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public boolean embedded() {
        return embedded != null;
    }

    /**
     * Kills the server with SIGKILL, as a crash or the kernel's OOM killer would: the postmaster and every backend,
     * at once (a backend left alive would hold the shared memory and refuse the next start). Waits until all are gone;
     * the data stays, and {@link #start} recovers it from the write-ahead log.
     */
    public void kill() {
        if (embedded == null) {
            throw new IllegalStateException("an external PostgreSQL is not killed by the stack");
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("no postmaster.pid: is the server running?", e);
        }
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() ->
                new IllegalStateException("no postmaster with pid " + pid));
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(0, postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("process " + p.pid() + " of PostgreSQL did not die", e);
            }
        }
        try {
            // releases the library's lock on the data directory (its pg_ctl stop finds no server and says so)
            embedded.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
