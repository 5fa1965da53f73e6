package dev.northstar.reporting.repository;

import dev.northstar.reporting.report.IntegrationLevel.SelfAssessment;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;

/** Teams' answers to the self-check questions; the latest answers replace the earlier ones. */
@ApplicationScoped
public class SelfAssessmentRepository {

    private static final String COLUMNS = """
            meeting_beyond_numbers, explains_vision, analyses_failures_together, proposes_improvements, note,
            answered_at""";
    private static final String GET = "SELECT " + COLUMNS + " FROM self_assessment WHERE tenant = $1 AND team_id = $2";
    private static final String PUT = """
            INSERT INTO self_assessment (tenant, team_id, meeting_beyond_numbers, explains_vision,
                                         analyses_failures_together, proposes_improvements, note)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (tenant, team_id) DO UPDATE
            SET meeting_beyond_numbers = EXCLUDED.meeting_beyond_numbers, explains_vision = EXCLUDED.explains_vision,
                analyses_failures_together = EXCLUDED.analyses_failures_together,
                proposes_improvements = EXCLUDED.proposes_improvements, note = EXCLUDED.note, answered_at = now()
            RETURNING\s""" + COLUMNS;

    private final Pool pool;

    public SelfAssessmentRepository(Pool pool) {
        this.pool = pool;
    }

    /** The team's latest answers, or {@code null} when it has not answered. */
    public Uni<SelfAssessment> get(String tenant, String teamId) {
        return pool.preparedQuery(GET).execute(Tuple.of(tenant, teamId)).map(rows -> first(rows.iterator()));
    }

    /** Stores the answers, replacing earlier ones, and returns them as stored. */
    public Uni<SelfAssessment> put(String tenant, String teamId, SelfAssessment a) {
        return pool.preparedQuery(PUT).execute(Tuple.tuple(Arrays.asList(tenant, teamId, a.meetingBeyondNumbers(),
                a.explainsVision(), a.analysesFailuresTogether(), a.proposesImprovements(), a.note())))
                .map(rows -> first(rows.iterator()));
    }

    private static SelfAssessment first(RowIterator<Row> rows) {
        if (!rows.hasNext()) {
            return null;
        }
        Row r = rows.next();
        return new SelfAssessment(r.getBoolean("meeting_beyond_numbers"), r.getBoolean("explains_vision"),
                r.getBoolean("analyses_failures_together"), r.getBoolean("proposes_improvements"),
                r.getString("note"), r.getOffsetDateTime("answered_at").toInstant());
    }
}
