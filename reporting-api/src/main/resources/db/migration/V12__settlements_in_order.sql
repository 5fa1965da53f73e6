-- Months settle in order (docs/kpi-definitions.md, "Settlement"): each settled month names the month settled before
-- it ('' for a team's first), once. Two settlements racing from the same state (two "first" months, two months after
-- the same one) cannot both be stored: the second is refused by the key, whichever replica or admin sent it.
ALTER TABLE cost_settlement ADD COLUMN previous_month text;
ALTER TABLE cost_settlement DISABLE TRIGGER cost_settlement_append_only;
UPDATE cost_settlement s SET previous_month = COALESCE((SELECT max(p.month) FROM cost_settlement p
    WHERE p.tenant = s.tenant AND p.team_id = s.team_id AND p.month < s.month), '');
ALTER TABLE cost_settlement ENABLE TRIGGER cost_settlement_append_only;
ALTER TABLE cost_settlement ALTER COLUMN previous_month SET NOT NULL;
ALTER TABLE cost_settlement ADD CONSTRAINT cost_settlement_in_order UNIQUE (tenant, team_id, previous_month);
