-- Scopes (issue 23): the product line and segment of the deal that made an account a customer. Its revenue, LTV
-- and expansions count in them, and the customer base of each scope is its customers' spans. NULL: none (every
-- customer stored before this version; a replay of crm.events fills them).
ALTER TABLE customer ADD COLUMN product text, ADD COLUMN segment text;
ALTER TABLE customer_ltv ADD COLUMN product text, ADD COLUMN segment text;
ALTER TABLE customer_span ADD COLUMN product text, ADD COLUMN segment text;
