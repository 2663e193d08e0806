-- Busiest hours of the week (UTC) across the organization: runs started over the last 90 days, schedules left out
-- Pushes and pull requests, when people keep CI busy; scheduled runs come at the hours
-- their cron says (drop "event <> 'schedule'" to count them). Reads runs alone: about one
-- request per repository. The window ends at the organization's latest push, so the demo's
-- frozen data answers too; on a live organization write
-- strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-90 days'). Adapt 'octo-org' (twice), '-90 days' and the LIMIT.
WITH since AS (
  SELECT strftime('%Y-%m-%dT%H:%M:%SZ', max(pushed_at), '-90 days') AS t FROM repos WHERE owner = 'octo-org'
)
SELECT substr('SunMonTueWedThuFriSat', 1 + 3 * strftime('%w', created_at), 3) AS weekday,
       strftime('%H:00', created_at) AS hour, count(*) AS runs, count(DISTINCT repo) AS repos
FROM runs
WHERE owner = 'octo-org' AND created_at >= (SELECT t FROM since) AND event <> 'schedule'
GROUP BY strftime('%w', created_at), hour
ORDER BY runs DESC, strftime('%w', created_at), hour
LIMIT 10;
