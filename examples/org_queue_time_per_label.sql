-- Queue time per runner label across the organization, over the last 30 days: median, p90 and worst wait
-- The jobs come through the join from runs on owner alone, which carries each run's
-- repository: one request per run, about 240 on the demo. Jobs a runner took only (one
-- cancelled while it waited, or skipped, would count as 0 s). The window ends at the
-- organization's latest push, so the demo's frozen data answers too; on a live organization
-- write strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-30 days'). Adapt 'octo-org' (twice) and '-30 days'.
WITH since AS (
  SELECT strftime('%Y-%m-%dT%H:%M:%SZ', max(pushed_at), '-30 days') AS t FROM repos WHERE owner = 'octo-org'
),
ran AS MATERIALIZED (
  SELECT j.repo, j.labels, j.queued_seconds
  FROM runs r JOIN jobs j ON j.owner = r.owner AND j.repo = r.repo AND j.run_id = r.id
  WHERE r.owner = 'octo-org' AND r.created_at >= (SELECT t FROM since) AND j.runner_name IS NOT NULL
)
SELECT label.value AS label, count(*) AS jobs, count(DISTINCT repo) AS repos,
       median(queued_seconds) AS median_queued_s,
       round(percentile(queued_seconds, 90), 1) AS p90_queued_s,
       max(queued_seconds) AS max_queued_s
FROM ran, json_each(ran.labels) AS label
GROUP BY label.value
ORDER BY median_queued_s DESC, label;
