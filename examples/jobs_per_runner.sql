-- Jobs per runner, and how much time each runner spent on them
SELECT runner_group_name, runner_name,
       count(*) AS jobs,
       sum(duration_seconds) AS busy_seconds
FROM jobs
WHERE run_id IN (9398595218, 9415518340, 9392540670, 9409677591, 9458380074)
  AND runner_name IS NOT NULL
GROUP BY runner_group_name, runner_name
ORDER BY jobs DESC, runner_name;
