-- The latest position of every rider, as the store route keeps it: one row per rider, the newest update by the
-- record's timestamp (within one partition a tie goes to the higher offset). Applied once by Flyway; never edit
-- it, the next change is V2.
CREATE TABLE rider_positions (
    name            text        PRIMARY KEY,
    location        text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    event_time      timestamptz NOT NULL,
    stored_at       timestamptz NOT NULL DEFAULT now()
);

-- riders per region (the live page's counts)
CREATE INDEX rider_positions_location ON rider_positions (location);
