-- Error lines that recur in the failed jobs of the last 10 failed runs, counted once numbers, hashes and URLs are blanked out
-- (regexp_replace makes "timed out after 5.0s" and "after 3.2s" one line; REGEXP picks pytest's FAILED and E lines
--  and go test's --- FAIL lines beside the ##[error] ones)
WITH failed AS MATERIALIZED (SELECT id FROM runs WHERE conclusion = 'failure' ORDER BY created_at DESC LIMIT 10)
SELECT regexp_replace(regexp_replace(l.content, 'https?://\S+', '<url>'),
                      '\b[0-9a-f]{7,40}\b|\d+(\.\d+)*', 'N') AS error,
       count(*) AS times, count(DISTINCT j.name) AS jobs, max(j.run_id) AS newest_run
FROM failed f
JOIN jobs j ON j.run_id = f.id
JOIN job_logs l ON l.job_id = j.id
WHERE j.conclusion = 'failure'
  AND (l.level = 'error' OR l.content REGEXP '^(FAILED |--- FAIL: |E   )')
GROUP BY error
ORDER BY times DESC, error
LIMIT 20;
