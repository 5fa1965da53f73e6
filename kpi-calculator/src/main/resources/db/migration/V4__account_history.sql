-- The facts of an account, one row per account and batch that added to it (FactChunk: a compact binary list)
-- instead of one indexed row per event: storing account_event rows was the largest part of a batch's time.
-- position is how many facts of the account were stored before the chunk, so (account_ref, position) is unique.
-- An event seen before under the same identity is recognised against the account's history, which a batch
-- holds whole (read here, or remembered) while it has its partition's progress locked.
-- account_event keeps the facts stored before this version; it is read with account_history, never written.
CREATE TABLE account_history (
    account_ref uuid    NOT NULL, -- md5 of tenant/account, as account_event.account_ref
    position    integer NOT NULL,
    facts       bytea   NOT NULL,
    PRIMARY KEY (account_ref, position)
);
