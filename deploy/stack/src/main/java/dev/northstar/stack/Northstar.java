package dev.northstar.stack;

import dev.northstar.infra.LocalKeys;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.stack.demo.ConnectorDemo;
import dev.northstar.stack.demo.CrmStream;
import dev.northstar.stack.demo.DemoContracts;
import dev.northstar.stack.demo.DemoPilots;
import dev.northstar.stack.demo.DemoLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code ./northstar} command: {@code up [--demo [--via crm]] [--monitoring] [--clean] [--partitions N]} starts the
 * whole stack on embedded defaults (the demo sent as CloudEvents, or as a CRM's payloads through its connector); {@code token --tenant T --roles ingest,read,admin [--ttl-hours H]} prints a signed local
 * token; {@code infra} starts only Kafka and PostgreSQL (for running one service with {@code quarkus:dev}).
 */
public final class Northstar {

    /** The tenant of the demo data. */
    public static final String DEMO_TENANT = "demo";
    private static final long DEMO_SEED = 20261126L;

    private Northstar() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "warn");
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        String command = rest.isEmpty() ? "help" : rest.remove(0);
        Path root = Path.of(System.getProperty("northstar.root", ".")).toAbsolutePath().normalize();
        PrintStream out = System.out;
        switch (command) {
            case "up" -> up(root, rest, out, false);
            case "infra" -> up(root, rest, out, true);
            case "token" -> token(root, rest, out);
            default -> {
                out.println("""
                        usage: ./northstar up [--demo [--via salesforce|hubspot|kintone]] [--monitoring] [--clean]
                                              [--partitions N]
                               ./northstar infra [--clean]
                               ./northstar token --tenant T --roles ingest,read,admin [--teams a,b] [--ttl-hours H]
                        Data lives in .northstar/ (kafka/, postgres/, keys/, logs/); --clean starts empty.""");
                if (!command.equals("help")) {
                    System.exit(2);
                }
            }
        }
    }

    private static void up(Path root, List<String> args, PrintStream out, boolean infraOnly) throws Exception {
        LocalStack.Options defaults = LocalStack.Options.defaults(root);
        int partitions = Integer.parseInt(option(args, "--partitions", String.valueOf(defaults.partitions())));
        LocalStack.Options options = new LocalStack.Options(root, defaults.home(), defaults.kafkaPort(),
                defaults.postgresPort(), 0, partitions, args.contains("--clean"), defaults.readyTimeout(),
                defaults.jvmArgs());
        long t0 = System.nanoTime();
        LocalStack stack = infraOnly ? LocalStack.startInfrastructureOnly(options, out) : LocalStack.start(options, out);
        java.util.Optional<Monitoring> monitoring = java.util.Optional.empty();
        if (args.contains("--monitoring") && !infraOnly) {
            Map<String, String> urls = new java.util.LinkedHashMap<>();
            stack.services().keySet().forEach(name -> urls.put(name, stack.managementUrl(name)));
            monitoring = Monitoring.start(root, options.home(), urls,
                    Integer.parseInt(option(args, "--prometheus-port", "9090")), out);
        }
        java.util.Optional<Monitoring> prometheus = monitoring;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("\nStopping Northstar…");
            prometheus.ifPresent(Monitoring::close);
            stack.close();
            out.println("Stopped.");
            stopped.countDown();
        }, "northstar-shutdown"));
        out.println();
        if (!infraOnly) {
            for (var service : stack.services().values()) {
                out.printf("%-18s %s   (OpenAPI %s/q/openapi, health %s/q/health)%n", service.name(), service.url(),
                        service.managementUrl(), service.managementUrl());
            }
            out.printf("All four services ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            prometheus.ifPresent(p -> out.printf("%-18s %s   (scraping the four services; alert rules loaded;"
                    + " dashboards in deploy/grafana)%n", "Prometheus", p.url()));
        } else {
            for (var service : LocalStack.SERVICES) {
                out.printf("%n%s environment:%n", service.name());
                stack.environment(service).forEach((k, v) -> out.printf("  export %s=%s%n", k, v));
            }
        }
        out.println();
        out.println("Demo tokens (tenant \"" + DEMO_TENANT + "\", valid 12 h; local-development keys in "
                + options.home().resolve("keys") + "):");
        for (String role : List.of("ingest", "read", "admin")) {
            out.printf("  %-7s %s%n", role, stack.keys().token(DEMO_TENANT, List.of(role), Duration.ofHours(12)));
        }
        if (args.contains("--demo") && !infraOnly) {
            loadDemo(stack, options.home(), option(args, "--via", null), out);
        }
        if (!infraOnly) {
            // the console's one-click sign-in: a local-development mechanism the production profile refuses
            out.println();
            out.println("Console (sign in with one click, as an admin of \"" + DEMO_TENANT + "\", for 12 h):");
            out.println("  " + stack.url("reporting-api") + "/console/sign-in/local?token="
                    + stack.keys().token(DEMO_TENANT, List.of("admin"), Duration.ofHours(12)));
        }
        out.println();
        out.println("Press Ctrl-C to stop everything.");
        stopped.await();
    }

    private static void loadDemo(LocalStack stack, Path home, String via, PrintStream out) throws IOException,
            InterruptedException {
        Path marker = home.resolve("demo-loaded");
        if (Files.exists(marker)) {
            out.println("\nDemo data already loaded (" + marker + "); use --clean to start over.");
            return;
        }
        LocalDate start = LocalDate.now(ZoneId.of("Asia/Tokyo")).withDayOfMonth(1).minusMonths(6);
        List<ObjectNode> events = CrmStream.generate(DEMO_SEED, DEMO_TENANT, start, 7, Instant.now());
        String token = stack.keys().token(DEMO_TENANT, List.of("ingest"), Duration.ofHours(1));
        long t0 = System.nanoTime();
        long accepted = via == null ? new DemoLoader(stack.url("kpi-ingest"), token).send(events, 500)
                : new ConnectorDemo(stack.url("kpi-ingest"), DEMO_TENANT, stack.keys().token(DEMO_TENANT,
                        List.of("admin"), Duration.ofHours(1)), stack.keys().token(DEMO_TENANT, List.of("connector"),
                        Duration.ofHours(1))).send(ConnectorDemo.Via.of(via), events);
        // the business case: the teams' contract terms, partner-alpha's first two months settled
        int versions = new DemoContracts(stack.url("reporting-api"), stack.keys().token(DEMO_TENANT, List.of("admin"),
                Duration.ofHours(1))).record(java.time.YearMonth.from(start));
        // a pilot: partner-beta on the payroll product line, the last three months and this one
        String pilot = new DemoPilots(stack.url("reporting-api"), stack.keys().token(DEMO_TENANT, List.of("admin"),
                Duration.ofHours(1))).record(java.time.YearMonth.now(ZoneId.of("Asia/Tokyo")));
        Files.writeString(marker, Instant.now() + " " + accepted + " events\n");
        out.printf("%nDemo data: %d events since %s for teams %s sent to kpi-ingest%s in %.1f s (%d accepted).%n",
                events.size(), start, CrmStream.DEMO_TEAMS.stream().map(CrmStream.Profile::teamId).toList(),
                via == null ? "" : " as " + via + " payloads through its connector", (System.nanoTime() - t0) / 1e9,
                accepted);
        out.printf("Business case: %d contract versions for the three teams; partner-alpha's first two months settled"
                + " (docs/business-case.md).%n", versions);
        out.printf("Pilot: \"%s\" (partner-beta, product payroll); its report: curl -H \"Authorization: Bearer"
                + " $(./northstar token --tenant %s --roles read)\" -H 'Accept: text/markdown' '%s/v1/pilots/%s/report'"
                + " or the console's Pilots page.%n", DemoPilots.NAME, DEMO_TENANT, stack.url("reporting-api"), pilot);
        out.printf("Try: curl -H \"Authorization: Bearer $(./northstar token --tenant %s --roles read)\" "
                + "'%s/v1/kpi-values?kpi=calls&grain=month'%n", DEMO_TENANT, stack.url("reporting-api"));
        out.printf("     curl -H \"Authorization: Bearer $(./northstar token --tenant %s --roles read)\""
                + " -H 'Accept: text/markdown' '%s/v1/teams/partner-beta/business-case?grain=quarter&period=%s'%n",
                DEMO_TENANT, stack.url("reporting-api"), dev.northstar.events.Grain.QUARTER.label(
                        LocalDate.now(ZoneId.of("Asia/Tokyo")).minusMonths(3)));
    }

    private static void token(Path root, List<String> args, PrintStream out) {
        String tenant = option(args, "--tenant", null);
        String roles = option(args, "--roles", "read");
        long hours = Long.parseLong(option(args, "--ttl-hours", "12"));
        if (tenant == null) {
            System.err.println("usage: ./northstar token --tenant T --roles ingest,read,admin [--teams a,b]"
                    + " [--ttl-hours H]");
            System.exit(2);
        }
        if (hours < 1 || hours > LocalKeys.MAX_TTL.toHours()) {
            // the services refuse a token issued for longer (smallrye.jwt.time-to-live): never print one they refuse
            System.err.println("--ttl-hours must be from 1 to " + LocalKeys.MAX_TTL.toHours()
                    + ": the services refuse tokens issued for longer");
            System.exit(2);
        }
        // --teams limits the token to those teams of the tenant (a partner firm's user); --teams "" to none at all
        String teams = option(args, "--teams", null);
        List<String> limited = teams == null ? null
                : java.util.Arrays.stream(teams.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        LocalKeys keys = LocalKeys.loadOrCreate(LocalStack.Options.defaults(root).home().resolve("keys"));
        out.println(keys.token(tenant, List.of(roles.split(",")), limited, Duration.ofHours(hours)));
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }
}
