package dev.northstar.calculator.kpi;

import dev.northstar.events.Grain;
import dev.northstar.events.Scopes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sum of contributions to KPI cells of one tenant: what a batch changes, or (for an account being
 * recomputed) what all of its events add up to. Period labels are computed once per local date.
 */
public final class Contributions implements Sink {

    /** Cells in a fixed order, so that concurrent writers always lock rows in the same order. */
    public static final Comparator<Contribution.Key> KEY_ORDER = Comparator
            .comparing(Contribution.Key::tenant).thenComparing(Contribution.Key::teamId)
            .thenComparing(Contribution.Key::kpi).thenComparing(Contribution.Key::grain)
            .thenComparing(Contribution.Key::period);
    private static final Grain[] GRAINS = Grain.values();

    private final String tenant;
    private final ZoneId zone;
    private final Map<Contribution.Key, BigDecimal[]> sums = new HashMap<>();
    /**
     * The periods of every grain that contain a date, shared by every fold: an account's history is folded anew
     * for a late event, each time with new sums, and labelling its dates again was a third of the calculator's
     * allocation. Dates from 1970 to 2100 are fewer than 50,000; the map is emptied if it ever holds more.
     */
    private static final Map<LocalDate, String[]> LABELS = new ConcurrentHashMap<>();
    private static final int MAX_LABELLED_DATES = 100_000;

    public Contributions(String tenant, ZoneId zone) {
        this.tenant = tenant;
        this.zone = zone;
    }

    public String tenant() {
        return tenant;
    }

    public ZoneId zone() {
        return zone;
    }

    @Override
    public void add(String teamId, String kpi, Instant at, BigDecimal numerator, BigDecimal denominator) {
        String[] periods = labels(LocalDate.ofInstant(at, zone));
        for (int g = 0; g < GRAINS.length; g++) {
            addIn(teamId, kpi, GRAINS[g], periods[g], numerator, denominator);
        }
    }

    @Override
    public void add(String teamId, String kpi, Instant at, BigDecimal numerator, BigDecimal denominator,
            String[] scopes) {
        // the periods looked up once for the overall cell and every scope's
        String[] periods = labels(LocalDate.ofInstant(at, zone));
        for (int s = -1; s < scopes.length; s++) {
            String cell = s < 0 ? kpi : ScopedKpi.cell(kpi, scopes[s]);
            for (int g = 0; g < GRAINS.length; g++) {
                if (s < 0 || Scopes.isKept(kpi, GRAINS[g])) {
                    addIn(teamId, cell, GRAINS[g], periods[g], numerator, denominator);
                }
            }
        }
    }

    @Override
    public void addIn(String teamId, String kpi, Grain grain, String period, BigDecimal numerator,
            BigDecimal denominator) {
        add(new Contribution.Key(tenant, teamId, kpi, grain.wireName(), period), numerator, denominator);
    }

    private void add(Contribution.Key key, BigDecimal numerator, BigDecimal denominator) {
        BigDecimal[] sum = sums.get(key);
        if (sum == null) {
            sums.put(key, new BigDecimal[] {numerator, denominator});
        } else {
            sum[0] = sum[0].add(numerator);
            sum[1] = sum[1].add(denominator);
        }
    }

    /** Adds {@code other} times {@code sign} (1 or -1) into this. */
    public void addAll(Contributions other, int sign) {
        for (Map.Entry<Contribution.Key, BigDecimal[]> e : other.sums.entrySet()) {
            BigDecimal[] v = e.getValue();
            add(e.getKey(), sign < 0 ? v[0].negate() : v[0], sign < 0 ? v[1].negate() : v[1]);
        }
    }

    /** The cells with a non-zero change, in {@link #KEY_ORDER}. */
    public Map<Contribution.Key, BigDecimal[]> changes() {
        Map<Contribution.Key, BigDecimal[]> out = new TreeMap<>(KEY_ORDER);
        for (Map.Entry<Contribution.Key, BigDecimal[]> e : sums.entrySet()) {
            if (e.getValue()[0].signum() != 0 || e.getValue()[1].signum() != 0) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The sum of one cell: {numerator, denominator}, zeros when nothing was added. */
    public BigDecimal[] get(String teamId, String kpi, Grain grain, String period) {
        BigDecimal[] v = sums.get(new Contribution.Key(tenant, teamId, kpi, grain.wireName(), period));
        return v == null ? new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO} : v.clone();
    }

    public boolean isEmpty() {
        return sums.isEmpty();
    }

    /** The label of the grain's period that contains {@code at} in {@code zone} ({@link Grain#label}, shared). */
    public static String label(Grain grain, Instant at, ZoneId zone) {
        return labels(LocalDate.ofInstant(at, zone))[grain.ordinal()];
    }

    /** The label of each grain's period that contains {@code date}, in {@link Grain} order; shared, not to change. */
    static String[] labels(LocalDate date) {
        String[] labels = LABELS.get(date);
        if (labels == null) {
            if (LABELS.size() >= MAX_LABELLED_DATES) {
                LABELS.clear();
            }
            labels = LABELS.computeIfAbsent(date, Contributions::labelsOf);
        }
        return labels;
    }

    private static String[] labelsOf(LocalDate date) {
        String[] out = new String[GRAINS.length];
        for (int g = 0; g < GRAINS.length; g++) {
            out[g] = GRAINS[g].label(date);
        }
        return out;
    }
}
