package dev.northstar.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a service's time and allocation went, from a flight recording of an end-to-end run (issue 24's profile):
 * execution samples by thread, by method on top of the stack and by method anywhere on it; collector pauses; and
 * allocation by the first Northstar method on the allocating stack. A recording is made by starting the stack with
 * e.g. {@code NORTHSTAR_JVM_ARGS_KPI_CALCULATOR="-XX:StartFlightRecording=filename=calc.jfr,settings=profile"}.
 *
 * <p>Usage: {@code JfrProfile <recording.jfr> [lines=30]}
 */
public final class JfrProfile {

    private JfrProfile() {
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> anywhere = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Long> pauses = new TreeMap<>();
        Map<String, Long> allocation = new HashMap<>();
        long allocated = 0;
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    samples++;
                    RecordedThread thread = e.getThread("sampledThread");
                    threads.merge(thread == null ? "?" : thread.getJavaName().replaceAll("[0-9]+", "N"), 1,
                            Integer::sum);
                    List<RecordedFrame> frames = frames(e);
                    if (!frames.isEmpty()) {
                        top.merge(name(frames.get(0)), 1, Integer::sum);
                        Set<String> seen = new HashSet<>();
                        for (RecordedFrame f : frames) {
                            if (seen.add(name(f))) {
                                anywhere.merge(name(f), 1, Integer::sum);
                            }
                        }
                    }
                }
                case "jdk.GarbageCollection" -> pauses.merge(e.getString("name"), e.getDuration().toMillis(), Long::sum);
                case "jdk.ObjectAllocationSample" -> {
                    long weight = e.getLong("weight");
                    allocated += weight;
                    frames(e).stream().map(JfrProfile::name).filter(n -> n.startsWith("dev.northstar")).findFirst()
                            .ifPresent(n -> allocation.merge(n, weight, Long::sum));
                }
                default -> {
                }
            }
        }
        System.out.printf(Locale.ROOT, "%,d execution samples; collections %s ms; %,.0f MB allocated%n", samples,
                pauses, allocated / 1e6);
        print("threads", threads, samples, lines);
        print("on top of the stack", top, samples, lines);
        print("anywhere on the stack", anywhere, samples, lines * 2);
        System.out.println("== allocation by the first Northstar method");
        allocation.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(lines)
                .forEach(a -> System.out.printf(Locale.ROOT, "%8.0f MB %s%n", a.getValue() / 1e6, a.getKey()));
    }

    private static List<RecordedFrame> frames(RecordedEvent e) {
        RecordedStackTrace stack = e.getStackTrace();
        return stack == null ? List.of() : stack.getFrames();
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int lines) {
        System.out.println("== " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(lines)
                .forEach(c -> System.out.printf(Locale.ROOT, "%5.1f %% %s%n", 100.0 * c.getValue() / samples,
                        c.getKey()));
    }
}
