-- Stale default branches across the organization: no successful run for 7 days, though runs since
-- repos joined to runs on each repository's own default branch: one listing per repository,
-- filtered by branch and by the last 30 days. A branch that went quiet while green is left
-- out; last_success is NULL when no run in the 30 days passed. "Now" is the organization's
-- latest push, so the demo's frozen data answers too; on a live organization
-- "WITH now AS (SELECT 'now' AS t)" does. Adapt 'octo-org' (twice), '-7 days' and '-30 days'.
WITH now AS (SELECT max(pushed_at) AS t FROM repos WHERE owner = 'octo-org'),
since AS (
  SELECT strftime('%Y-%m-%dT%H:%M:%SZ', t, '-30 days') AS window_start,
         strftime('%Y-%m-%dT%H:%M:%SZ', t, '-7 days') AS stale_before
  FROM now
),
branch_runs AS MATERIALIZED (
  SELECT p.repo, p.default_branch AS branch, r.conclusion, r.created_at
  FROM repos p
  JOIN runs r ON r.owner = p.owner AND r.repo = p.repo AND r.head_branch = p.default_branch
  WHERE p.owner = 'octo-org' AND NOT p.archived
    AND r.created_at >= (SELECT window_start FROM since)
),
green AS (
  SELECT repo, branch, max(CASE WHEN conclusion = 'success' THEN created_at END) AS at
  FROM branch_runs GROUP BY repo, branch
)
SELECT g.repo, g.branch, g.at AS last_success, count(*) AS runs_since,
       sum(b.conclusion = 'failure') AS failed_since, max(b.created_at) AS last_run
FROM green g
JOIN branch_runs b ON b.repo = g.repo AND b.created_at > coalesce(g.at, '')
WHERE coalesce(g.at, '') < (SELECT stale_before FROM since)
GROUP BY g.repo, g.branch
ORDER BY last_success, g.repo;
