-- Estimated billable minutes per runner OS and month, on GitHub-hosted runners
-- Each job's minutes are rounded up, then multiplied by the OS's rate:
-- Linux 1, Windows 2, macOS 10 (the standard runners' multipliers; larger
-- runners are billed at their own per-minute rates, and self-hosted runners
-- and public repositories are free). An estimate: GitHub's bill is the truth.
WITH month_runs AS MATERIALIZED (SELECT id FROM runs WHERE created_at >= '2026-09-01' AND created_at < '2026-10-01'),
hosted AS (
  SELECT j.*,
         CASE
           WHEN j.labels LIKE '%macos%' THEN 'macOS'
           WHEN j.labels LIKE '%windows%' THEN 'Windows'
           ELSE 'Linux'
         END AS os
  FROM jobs j
  WHERE j.run_id IN (SELECT id FROM month_runs)
    AND j.duration_seconds IS NOT NULL AND j.runner_name IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM json_each(j.labels) WHERE value = 'self-hosted')
)
SELECT os, count(*) AS jobs,
       sum((duration_seconds + 59) / 60) AS minutes,
       CASE os WHEN 'macOS' THEN 10 WHEN 'Windows' THEN 2 ELSE 1 END AS multiplier,
       sum((duration_seconds + 59) / 60) * CASE os WHEN 'macOS' THEN 10 WHEN 'Windows' THEN 2 ELSE 1 END AS billable_minutes
FROM hosted
GROUP BY os
ORDER BY billable_minutes DESC;
