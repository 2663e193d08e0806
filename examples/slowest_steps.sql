-- Slowest steps of a run, with the job and the attempt they belong to
SELECT run_attempt, job_name, number, name, duration_seconds
FROM steps
WHERE run_id = 9398595218
ORDER BY duration_seconds DESC
LIMIT 10;
