-- Slowest workflows across the organization, over the last 90 days: median and p90 run time
-- Successful runs only (a failure that stops early would look fast); a run's time is its
-- latest attempt's, from start to finish, so it reads runs alone: about one request per
-- repository. The window ends at the organization's latest push, so the demo's frozen data
-- answers too; on a live organization write strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-90 days').
-- Adapt 'octo-org' (twice), '-90 days' and the LIMIT.
WITH since AS (
  SELECT strftime('%Y-%m-%dT%H:%M:%SZ', max(pushed_at), '-90 days') AS t FROM repos WHERE owner = 'octo-org'
)
SELECT repo, name AS workflow, count(*) AS runs,
       median(duration_seconds) AS median_s,
       round(percentile(duration_seconds, 90), 1) AS p90_s,
       max(duration_seconds) AS max_s
FROM runs
WHERE owner = 'octo-org' AND created_at >= (SELECT t FROM since) AND conclusion = 'success'
GROUP BY repo, workflow_id
ORDER BY median_s DESC
LIMIT 10;
