-- Tool versions CI's jobs ran with over its last 10 runs, read from their log lines, and when each was last seen
-- (regexp_capture takes the tool and regexp_substr the version out of lines such as "Successfully set up
--  CPython (3.12.11)", "Successfully set up Go version 1.25.1", "git version 2.51.0" and "Current runner
--  version: '2.329.0'"; a skipped job wrote no log)
WITH recent AS MATERIALIZED (
  SELECT id, created_at FROM runs
  WHERE workflow_id = (SELECT id FROM workflows WHERE name = 'CI') AND status = 'completed'
  ORDER BY created_at DESC LIMIT 10
),
found AS (
  SELECT r.created_at, j.id AS job_id,
         coalesce(regexp_capture(l.content, '^Successfully set up (\w+)', 1),
                  regexp_capture(l.content, '^(?:Current )?(git|runner) version', 1)) AS tool,
         regexp_substr(l.content, '\d+(\.\d+)+') AS version
  FROM recent r
  JOIN jobs j ON j.run_id = r.id
  JOIN job_logs l ON l.job_id = j.id
  WHERE j.conclusion <> 'skipped'
    AND l.content REGEXP '^(Successfully set up \w+|git version|Current runner version)'
)
SELECT tool, version, count(DISTINCT job_id) AS jobs,
       min(created_at) AS first_seen, max(created_at) AS last_seen
FROM found
GROUP BY tool, version
ORDER BY tool, last_seen DESC;
