-- The duplicate register, rebuilt for its cost per event (it was the largest part of the machine under ingest load):
--
-- * one key column instead of three: every index comparison of a three-column text key had to locate the later
--   columns inside the index tuple first. The key is `tenant source-length source id` (tenant has no spaces and the
--   source's length in characters makes the rest unambiguous), e.g. `acme 10 crm://hub/ evt-42`, compared bytewise.
-- * a claim id per request instead of a state per event: the request's rows carry its claim id, and Kafka's
--   acknowledgement is one row in claim_confirmed instead of an update of every row. A row is acknowledged when its
--   claim is confirmed, pending otherwise; a pending row older than the takeover time may be taken over.
-- instances of the previous build wait here and then fail (503, retry) instead of registering events into a table
-- that is being copied and dropped
LOCK TABLE received_event IN ACCESS EXCLUSIVE MODE;

CREATE TABLE event_claim (
    event_key  text COLLATE "C" PRIMARY KEY,
    claim      uuid        NOT NULL,
    claimed_at timestamptz NOT NULL
);
CREATE INDEX event_claim_age ON event_claim USING brin (claimed_at);

CREATE TABLE claim_confirmed (
    claim        uuid PRIMARY KEY,
    confirmed_at timestamptz NOT NULL
);
CREATE INDEX claim_confirmed_age ON claim_confirmed USING brin (confirmed_at);

-- what the register held: acknowledged events under one confirmed claim, pending ones under a claim never confirmed
-- (so they are taken over after the takeover time, as before); the confirmation expires after every migrated row
INSERT INTO claim_confirmed VALUES ('00000000-0000-0000-0000-00000000000a', now());
INSERT INTO event_claim (event_key, claim, claimed_at)
SELECT tenant || ' ' || char_length(source) || ' ' || source || ' ' || event_id,
       CASE state WHEN 'A' THEN '00000000-0000-0000-0000-00000000000a'::uuid
                  ELSE '00000000-0000-0000-0000-00000000000f'::uuid END,
       claimed_at
FROM received_event;
DROP TABLE received_event;

-- for people: each registered event with its state ('P' pending, 'A' acknowledged)
CREATE VIEW received_event AS
SELECT r.event_key, CASE WHEN c.claim IS NULL THEN 'P' ELSE 'A' END AS state, r.claim, r.claimed_at, c.confirmed_at
FROM event_claim r LEFT JOIN claim_confirmed c ON c.claim = r.claim;
