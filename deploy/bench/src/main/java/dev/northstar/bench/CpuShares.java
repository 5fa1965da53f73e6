package dev.northstar.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where a benchmark's CPU went, from Linux's {@code /proc}: the time a process (with its threads) or every
 * process of one command name used between two readings, against the machine's total. Elsewhere than on Linux
 * it reads nothing and says so.
 */
final class CpuShares {

    /** Options of the java launcher that take the next argument as their value. */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p",
            "--module-path", "--upgrade-module-path", "--add-modules", "--add-opens", "--add-exports", "--add-reads",
            "--enable-native-access", "--limit-modules");

    private final Map<String, Long> pids;
    private final Map<String, String> commands;
    private final Map<String, Long> start = new LinkedHashMap<>();
    private long startBusy;
    private long startTotal;
    private long startNanos;

    /**
     * @param pids     names for single processes (their ticks with every thread)
     * @param commands names for every process of a command name ({@code /proc/<pid>/comm}), e.g. postgres
     */
    CpuShares(Map<String, Long> pids, Map<String, String> commands) {
        this.pids = pids;
        this.commands = commands;
    }

    void start() {
        start.clear();
        start.putAll(read());
        long[] machine = machine();
        startBusy = machine[0];
        startTotal = machine[1];
        startNanos = System.nanoTime();
    }

    /**
     * The pid of the first Java process whose program ({@link #programOf}) contains the text, or -1. Only the program
     * counts: a script or harness that names the service's jar among its own arguments is not the service.
     */
    static long pidOf(String program) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            String line = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                            return programOf(List.of(line.split("\0"))).contains(program);
                        } catch (IOException e) {
                            return false;
                        }
                    }).mapToLong(p -> Long.parseLong(p.getFileName().toString())).findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * What a {@code java} command line runs: the jar after {@code -jar}, the module after {@code -m}, else the first
     * argument that is neither an option nor an option's value (the main class or source file); empty when the
     * command is not {@code java}.
     */
    static String programOf(List<String> argv) {
        if (argv.isEmpty() || !(argv.get(0).equals("java") || argv.get(0).endsWith("/java"))) {
            return "";
        }
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.equals("-jar") || arg.equals("-m") || arg.equals("--module")) {
                return i + 1 < argv.size() ? argv.get(i + 1) : "";
            }
            if (OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return "";
    }

    /** Cores used on average since {@link #start()}, by name (empty without /proc). */
    Map<String, Double> cores() {
        Map<String, Double> out = new LinkedHashMap<>();
        if (Files.isReadable(Path.of("/proc/stat"))) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            read().forEach((name, ticks) -> out.put(name, (ticks - start.getOrDefault(name, 0L)) / 100.0 / seconds));
        }
        return out;
    }

    /** Core-seconds used since {@link #start()}, by name (empty without /proc). */
    Map<String, Double> coreSeconds() {
        Map<String, Double> out = new LinkedHashMap<>();
        double seconds = seconds();
        cores().forEach((name, used) -> out.put(name, used * seconds));
        return out;
    }

    /** Seconds since {@link #start()}. */
    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The machine's busy share since {@link #start()}, in per cent of all its cores (0 without /proc). */
    double busyPercent() {
        long[] machine = machine();
        long total = machine[1] - startTotal;
        return total == 0 ? 0.0 : 100.0 * (machine[0] - startBusy) / total;
    }

    /** One line per name: cores used on average since {@link #start()}, and the machine's busy share. */
    String report() {
        if (!Files.isReadable(Path.of("/proc/stat"))) {
            return "  (no /proc here: CPU shares not measured)";
        }
        Map<String, Double> cores = cores();
        long[] machine = machine();
        StringBuilder out = new StringBuilder("  CPU during the run (cores on average):");
        cores.forEach((name, used) -> out.append(String.format(Locale.ROOT, " %s %.2f,", name, used)));
        long total = machine[1] - startTotal;
        out.append(String.format(Locale.ROOT, " machine busy %.0f %% of %d cores",
                total == 0 ? 0.0 : 100.0 * (machine[0] - startBusy) / total, Runtime.getRuntime().availableProcessors()));
        return out.toString();
    }

    private Map<String, Long> read() {
        Map<String, Long> out = new LinkedHashMap<>();
        pids.forEach((name, pid) -> out.put(name, ticks(Path.of("/proc", String.valueOf(pid)))));
        commands.forEach((name, command) -> out.put(name, 0L));
        if (!commands.isEmpty()) {
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                    String comm = comm(p);
                    commands.forEach((name, command) -> {
                        if (command.equals(comm)) {
                            out.merge(name, ticks(p), Long::sum);
                        }
                    });
                });
            } catch (IOException e) {
                // no /proc: nothing to add
            }
        }
        return out;
    }

    /**
     * The CPU ticks of PostgreSQL's processes by database, from each backend's title ({@code postgres: user database
     * host(port) state}); the postmaster and background workers (WAL writer, checkpointer, autovacuum launcher) as
     * {@code (background)}. A backend that ended takes its ticks with it.
     */
    static Map<String, Long> postgresTicks() {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> comm(p).equals("postgres"))
                    .forEach(p -> out.merge(databaseOf(cmdline(p)), ticks(p), Long::sum));
        } catch (IOException e) {
            // no /proc
        }
        return out;
    }

    /** The database a PostgreSQL process title names (a backend's or an autovacuum worker's), else (background). */
    static String databaseOf(String title) {
        if (title.startsWith("postgres: ")) {
            String[] words = title.substring(10).trim().split("\\s+");
            if (words.length >= 3 && words[2].contains("(")) {
                return words[1];
            }
            if (words.length >= 3 && words[0].equals("autovacuum") && words[1].equals("worker")) {
                return words[2];
            }
        }
        return "(background)";
    }

    /**
     * The proportional set size of a process in KiB ({@code Pss} of {@code /proc/<pid>/smaps_rollup}: its private
     * pages and its share of pages it shares, so that PostgreSQL's shared buffers count once over its processes);
     * 0 when it is gone or unreadable.
     */
    static long pssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    /** The proportional set size of every PostgreSQL process together, in KiB. */
    static long postgresPssKiB() {
        long sum = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && comm(p).equals("postgres")) {
                    sum += pssKiB(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            // no /proc
        }
        return sum;
    }

    private static String cmdline(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ')
                    .trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static String comm(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** utime + stime of a process, its threads included (fields 14 and 15 of /proc/pid/stat). */
    private static long ticks(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0L; // gone (a backend that ended): its time is lost to this reading
        }
    }

    /** {busy, total} ticks of the machine from the first line of /proc/stat. */
    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
