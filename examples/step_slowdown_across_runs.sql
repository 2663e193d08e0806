-- Which steps got slower: "Run tests" on Ubuntu, run after run, each attempt of a re-run on a row of its own
SELECT s.run_id, s.run_attempt, s.job_name, s.duration_seconds
FROM steps s
WHERE s.run_id IN (9392540670, 9398595218, 9409677591, 9415518340)
  AND s.name = 'Run tests'
  AND s.job_name = 'test (ubuntu-latest, 3.12)'
  AND s.conclusion = 'success'
ORDER BY s.started_at;
