-- actionsql tables. Each CREATE TABLE below declares one virtual table:
-- its columns, in order, with their SQLite types. HIDDEN columns do not show
-- in SELECT *; they take arguments, as in jobs(...) used as a table-valued
-- function. Comments after a column say where its value comes from.
--
-- Timestamps are TEXT in UTC, 'YYYY-MM-DDTHH:MM:SSZ'. Booleans are 0/1.
-- Lists are JSON arrays as TEXT. NULL where the API gives null.
-- Pushed down: the constraints listed under each table become API requests;
-- every other constraint is checked by SQLite on the rows.

-- One row per job of every attempt of a workflow run.
-- Needs: run_id (= or IN), or id (= or IN).
-- Pushed down: owner, repo, id, run_id, run_attempt, filter (= or IN).
--   WHERE id = J                  GET /repos/{o}/{r}/actions/jobs/{J}
--   WHERE run_id = R              GET /repos/{o}/{r}/actions/runs/{R}/jobs?filter=all
--   ... AND run_attempt = N       GET /repos/{o}/{r}/actions/runs/{R}/attempts/{N}/jobs
--   ... AND filter = 'latest'     GET /repos/{o}/{r}/actions/runs/{R}/jobs?filter=latest
CREATE TABLE jobs (
  owner             TEXT,     -- from the query, or the default repository
  repo              TEXT,     -- from the query, or the default repository
  id                INTEGER,  -- job id
  run_id            INTEGER,
  run_attempt       INTEGER,  -- 1 for the first attempt of the run
  name              TEXT,
  workflow_name     TEXT,
  head_branch       TEXT,
  head_sha          TEXT,
  status            TEXT,     -- queued, in_progress, completed, waiting, ...
  conclusion        TEXT,     -- success, failure, cancelled, skipped, ...; NULL until completed
  created_at        TEXT,     -- when the job was queued
  started_at        TEXT,
  completed_at      TEXT,
  queued_seconds    INTEGER,  -- started_at - created_at
  duration_seconds  INTEGER,  -- completed_at - started_at; NULL until completed
  runner_id         INTEGER,
  runner_name       TEXT,
  runner_group_id   INTEGER,
  runner_group_name TEXT,
  labels            TEXT,     -- JSON array of the runs-on labels, e.g. ["ubuntu-latest"]
  node_id           TEXT,
  url               TEXT,
  html_url          TEXT,
  run_url           TEXT,
  check_run_url     TEXT,
  filter            TEXT HIDDEN  -- 'all' (default: every attempt) or 'latest' (latest attempt only)
);

-- One row per step of a job.
-- Needs: job_id (= or IN), or run_id (= or IN: the steps of all its jobs).
-- Pushed down: owner, repo, job_id, run_id, run_attempt (= or IN).
-- A job's steps come from the job object: no request of their own.
CREATE TABLE steps (
  owner             TEXT,
  repo              TEXT,
  run_id            INTEGER,
  run_attempt       INTEGER,
  job_id            INTEGER,
  job_name          TEXT,
  number            INTEGER,  -- 1-based; post steps jump (e.g. 6 -> 10)
  name              TEXT,
  status            TEXT,
  conclusion        TEXT,
  started_at        TEXT,
  completed_at      TEXT,
  duration_seconds  INTEGER   -- completed_at - started_at
);

-- One row per line of a job's log.
-- Needs: job_id (= or IN), or run_id (= or IN: the logs of all its completed jobs).
-- Pushed down: owner, repo, job_id, run_id (= or IN).
--   GET /repos/{o}/{r}/actions/jobs/{J}/logs, then the log itself from the
--   signed URL it redirects to (streamed, never held whole in memory).
-- The job object is read only when run_id or step_number is selected.
CREATE TABLE job_logs (
  owner        TEXT,
  repo         TEXT,
  run_id       INTEGER,
  job_id       INTEGER,
  line         INTEGER,  -- 1-based line number in the log
  timestamp    TEXT,     -- as written, with its fraction: 2023-09-21T17:21:33.7513949Z
  step_number  INTEGER,  -- the steps.number of the step that wrote the line; NULL before the first step
  level        TEXT,     -- group, endgroup, error, warning, notice, debug, command, section; NULL for output
  content      TEXT,     -- the text, without timestamp, mark, ANSI escapes or byte-order mark
  raw          TEXT HIDDEN  -- the line exactly as downloaded, without its line ending
);

-- One row per workflow run, as its latest attempt left it.
-- Needs: the repository (owner and repo, or the default), nothing else;
-- owner alone reads every repository of the owner (see repos), at once.
-- Pushed down: owner, repo, id, attempt, workflow_id, status, conclusion, head_branch, event, actor, head_sha, check_suite_id (= or IN); created_at (>, >=, <, <=, BETWEEN).
--   WHERE id = R                  GET /repos/{o}/{r}/actions/runs/{R}
--   ... AND attempt = N           GET /repos/{o}/{r}/actions/runs/{R}/attempts/{N}
--   WHERE workflow_id = W         GET /repos/{o}/{r}/actions/workflows/{W}/runs
--   otherwise                     GET /repos/{o}/{r}/actions/runs
--     with status (a status or a conclusion), branch, event, actor,
--     head_sha, check_suite_id and created (created_at's range, in
--     GitHub's search syntax) as the WHERE clause gives them.
-- The API lists newest first: ORDER BY created_at DESC (or id DESC) needs
-- no sort, and with LIMIT reads only the pages it shows. A filtered
-- listing stops at 1,000 runs: past that, windows of created time are
-- read one after another, each under the cap, so every run comes back.
CREATE TABLE runs (
  owner             TEXT,
  repo              TEXT,
  id                INTEGER,  -- run id
  name              TEXT,     -- the workflow's name
  display_title     TEXT,     -- the commit message's first line or the pull request title
  workflow_id       INTEGER,
  path              TEXT,     -- the workflow file, e.g. .github/workflows/ci.yml
  run_number        INTEGER,  -- counts the workflow's runs
  run_attempt       INTEGER,  -- the latest attempt: 2 after one re-run
  event             TEXT,     -- push, pull_request, schedule, workflow_dispatch, ...
  status            TEXT,     -- queued, in_progress, completed, waiting, ...
  conclusion        TEXT,     -- success, failure, cancelled, ...; NULL until completed
  head_branch       TEXT,
  head_sha          TEXT,
  actor             TEXT,     -- login of who started the run
  triggering_actor  TEXT,     -- login of who started the latest attempt
  created_at        TEXT,     -- when the run was created (its first attempt)
  updated_at        TEXT,
  run_started_at    TEXT,     -- when the latest attempt started
  check_suite_id    INTEGER,
  pull_requests     TEXT,     -- JSON array of pull request numbers, e.g. [41]
  node_id           TEXT,
  html_url          TEXT,
  duration_seconds  INTEGER,  -- updated_at - run_started_at once completed, else NULL
  attempt           INTEGER HIDDEN  -- with id: the run as attempt N left it
);

-- One row per workflow of a repository.
-- Needs: the repository (owner and repo, or the default), nothing else;
-- owner alone reads every repository of the owner (see repos), at once.
-- Pushed down: owner, repo, id (= or IN).
--   WHERE id = W                  GET /repos/{o}/{r}/actions/workflows/{W}
--   otherwise                     GET /repos/{o}/{r}/actions/workflows
CREATE TABLE workflows (
  owner             TEXT,
  repo              TEXT,
  id                INTEGER,  -- workflow id (runs.workflow_id)
  name              TEXT,
  path              TEXT,     -- .github/workflows/ci.yml
  state             TEXT,     -- active, disabled_manually, disabled_inactivity, ...
  created_at        TEXT,
  updated_at        TEXT,
  html_url          TEXT,
  badge_url         TEXT
);

-- One row per check-run annotation of a job: the ::error, ::warning and
-- ::notice lines its steps wrote, and "Process completed with exit code 1.".
-- Needs: job_id (= or IN): a job's check run has the job's id.
-- Pushed down: owner, repo, job_id (= or IN).
--   GET /repos/{o}/{r}/check-runs/{J}/annotations
CREATE TABLE annotations (
  owner             TEXT,
  repo              TEXT,
  job_id            INTEGER,
  path              TEXT,     -- the file, or .github when the annotation names none
  start_line        INTEGER,
  end_line          INTEGER,
  start_column      INTEGER,
  end_column        INTEGER,
  annotation_level  TEXT,     -- notice, warning or failure
  title             TEXT,
  message           TEXT,
  raw_details       TEXT
);

-- One row per repository of an owner: an organization's, else a user's
-- (the token's own user: their private ones too).
-- Needs: owner (= or IN), or the default repository's owner.
-- Pushed down: owner (= or IN).
--   GET /orgs/{o}/repos, and when o is no organization
--   GET /users/{o}/repos (GET /user/repos?affiliation=owner for the token's user)
-- runs, workflows, artifacts and caches constrained on owner alone read
-- every repository this lists: WHERE owner = 'o' covers the owner.
CREATE TABLE repos (
  owner             TEXT,     -- as the query wrote it
  repo              TEXT,     -- the repository's name
  id                INTEGER,
  private           INTEGER,  -- 0/1
  visibility        TEXT,     -- public, private or internal
  archived          INTEGER,  -- 0/1; an archived repository keeps its runs
  fork              INTEGER,  -- 0/1
  default_branch    TEXT,
  language          TEXT,     -- the main language, NULL when GitHub knows none
  topics            TEXT,     -- JSON array, e.g. ["ci","go"]
  pushed_at         TEXT,
  created_at        TEXT,
  updated_at        TEXT,
  html_url          TEXT
);

-- One row per artifact the runs of a repository uploaded, expired ones
-- included (their size still counts until GitHub deletes them).
-- Needs: the repository (owner and repo, or the default), nothing else.
-- Pushed down: owner, repo, id, run_id, name (= or IN).
--   WHERE id = A                  GET /repos/{o}/{r}/actions/artifacts/{A}
--   WHERE run_id = R              GET /repos/{o}/{r}/actions/runs/{R}/artifacts
--   otherwise                     GET /repos/{o}/{r}/actions/artifacts
--     with ?name= when the WHERE clause gives the name.
-- Listing artifacts needs read access to the repository's Actions
-- ("Actions: read"; a classic token needs the repo scope for a private one).
CREATE TABLE artifacts (
  owner             TEXT,
  repo              TEXT,
  id                INTEGER,  -- artifact id
  run_id            INTEGER,  -- the run that uploaded it (runs.id)
  name              TEXT,     -- as given to actions/upload-artifact, e.g. dist
  size_in_bytes     INTEGER,  -- the zip's size: what counts against the storage quota
  expired           INTEGER,  -- 1 once past its retention: listed, no longer downloadable
  digest            TEXT,     -- sha256:... of the zip; NULL for artifacts uploaded before digests
  created_at        TEXT,
  updated_at        TEXT,
  expires_at        TEXT,     -- created_at plus the retention (90 days by default)
  head_branch       TEXT,     -- the run's branch
  head_sha          TEXT      -- the run's commit
);

-- One row per entry of a repository's Actions cache (actions/cache and
-- the setup-* actions' dependency caches). GitHub evicts entries unused for
-- 7 days, then the least recently used once the repository passes its
-- limit (10 GB by default).
-- Needs: the repository (owner and repo, or the default), nothing else.
-- Pushed down: owner, repo, ref (= or IN); key (= or IN; LIKE 'prefix%'; GLOB 'prefix*').
--   GET /repos/{o}/{r}/actions/caches
--     with ?ref= and ?key= as the WHERE clause gives them. The API's key
--     matches a prefix: key = 'K' and key GLOB 'K*' ask for the prefix K,
--     key LIKE 'K%' for K up to its first letter (LIKE ignores case, the
--     API may not); SQLite checks every key again.
-- Listing caches needs "Actions: read" (a classic token: the repo scope
-- for a private repository).
CREATE TABLE caches (
  owner             TEXT,
  repo              TEXT,
  id                INTEGER,  -- cache id
  key               TEXT,     -- e.g. setup-python-Linux-x64-python-3.12.11-pip-<hash>
  ref               TEXT,     -- refs/heads/<branch>, or refs/pull/<N>/merge for a pull request's
  version           TEXT,     -- hash of the cached paths and compression: a key restores only the same version
  size_in_bytes     INTEGER,
  created_at        TEXT,
  last_accessed_at  TEXT      -- the last restore (or the save, if never restored)
);

-- One row per self-hosted runner: a repository's own, or with owner alone
-- (no repo constrained) the organization's, repo NULL.
-- Needs: the repository or the organization, nothing else.
-- Pushed down: owner, repo (= or IN).
--   WHERE repo = 'r'              GET /repos/{o}/{r}/actions/runners
--   WHERE owner = 'o' (no repo)   GET /orgs/{o}/actions/runners
-- Listing runners needs admin rights: on a repository (classic token: the
-- repo scope; fine-grained: "Administration: read"), on an organization
-- (classic: admin:org; fine-grained: "Self-hosted runners: read"). Without
-- them the API answers 403: no rows, and a note naming the permission.
CREATE TABLE runners (
  owner             TEXT,
  repo              TEXT,     -- NULL for an organization's runners
  id                INTEGER,  -- runner id (jobs.runner_id)
  name              TEXT,     -- jobs.runner_name of the jobs it ran
  os                TEXT,     -- Linux, Windows, macOS
  status            TEXT,     -- online or offline
  busy              INTEGER,  -- 1 while it runs a job
  ephemeral         INTEGER,  -- 1 for a runner that takes one job and goes
  labels            TEXT,     -- JSON array of label names, e.g. ["self-hosted","Linux","ARM64"]
  runner_group_id   INTEGER   -- jobs.runner_group_id
);

-- One row per test case result that a run reported: from the JUnit XML
-- files inside its artifacts (source junit), and from what go test -v,
-- pytest -v and jest --verbose printed into its jobs' logs (source go,
-- pytest, jest). A re-run's attempts each have their own jobs, so a test
-- that failed and then passed shows both.
-- Needs: run_id (= or IN), or job_id (= or IN: its log only).
-- Pushed down: owner, repo, run_id, job_id, run_attempt, source (= or IN).
--   artifacts: GET /repos/{o}/{r}/actions/runs/{R}/artifacts, then each
--     one's zip (GET .../actions/artifacts/{A}/zip, the signed URL it
--     redirects to); every *.xml file in it, in any folder.
--   logs: the run's jobs (GET .../actions/runs/{R}/jobs, or one attempt's),
--     then each job's log, as job_logs reads it.
--   source = 'junit' reads no log; source IN ('go','pytest','jest'),
--   job_id or run_attempt reads no artifact (their rows have no job).
-- An expired artifact, an archive that is not a zip, or a file in it that
-- is not well-formed JUnit XML gives no rows and a note saying which.
CREATE TABLE test_results (
  owner             TEXT,
  repo              TEXT,
  run_id            INTEGER,
  run_attempt       INTEGER,  -- the job's attempt; NULL for junit (an artifact belongs to the run)
  job_id            INTEGER,  -- the job whose log printed it; NULL for junit
  artifact_id       INTEGER,  -- the artifact holding the JUnit file; NULL for the logs' sources
  source            TEXT,     -- junit, go, pytest or jest
  suite             TEXT,     -- JUnit testsuite (or classname), Go package, pytest file::Class, jest file
  name              TEXT,     -- the test case: TestX/sub, test_z[param], describe › test
  file              TEXT,     -- the source file when reported
  status            TEXT,     -- passed, failed, skipped or error
  duration_seconds  REAL,     -- NULL when not reported (pytest -v prints none)
  message           TEXT      -- first line of the failure or skip message, NULL otherwise
);
