-- Failure rate per repository across the organization, over the last 30 days
-- runs constrained on owner alone reads every repository of octo-org (archived ones too), the
-- created_at range in each one's listing: about one request per repository. The window ends at the
-- organization's latest push, so the demo's frozen data answers too; on a live organization
-- write strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-30 days'). Adapt 'octo-org' (twice) and '-30 days'.
-- A run counts by its latest attempt; cancelled and skipped runs neither pass nor fail.
WITH since AS (
  SELECT strftime('%Y-%m-%dT%H:%M:%SZ', max(pushed_at), '-30 days') AS t FROM repos WHERE owner = 'octo-org'
)
SELECT repo, count(*) AS runs,
       sum(conclusion IN ('failure', 'timed_out')) AS failed,
       round(100.0 * avg(conclusion IN ('failure', 'timed_out')), 1) AS failure_pct
FROM runs
WHERE owner = 'octo-org' AND created_at >= (SELECT t FROM since)
  AND status = 'completed' AND conclusion NOT IN ('cancelled', 'skipped')
GROUP BY repo
ORDER BY failure_pct DESC, repo;
