package fakegh

import (
	"fmt"
	"strings"
)

// Step logs of the artifact, deploy, Go, Docker, Node and Terraform steps.

// artifactID is the id the upload of a run's "dist" artifact got.
func (c *logCtx) artifactID() int64 { return 4_000_000_000 + c.ref.run.ID%100_000_000 }

func writeUpload(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.usesHeader(w, actionPins[kindUpload], [][2]string{{"name", "dist"}, {"path", "dist/"},
		{"if-no-files-found", "warn"}, {"compression-level", "6"}, {"overwrite", "false"}, {"include-hidden-files", "false"}})
	size := 40_000 + int(c.ref.run.ID%20_000)
	id := c.artifactID()
	w.out("With the provided path, there will be 2 files uploaded")
	w.head("Artifact name is valid!", "Root directory input is valid!")
	w.out("Beginning upload of artifact content to blob storage")
	w.outf("Uploaded bytes %d", size)
	w.out("Finished uploading artifact content to blob storage!")
	w.head("SHA256 digest of uploaded artifact zip is "+fakeHex(64, "artifact", id), "Finalizing artifact upload")
	w.outf("Artifact dist.zip successfully finalized. Artifact ID %d", id)
	w.outf("Artifact dist has been successfully uploaded! Final size is %d bytes. Artifact ID is %d", size, id)
	w.outf("Artifact download URL: https://github.com/%s/actions/runs/%d/artifacts/%d", c.fullName(), c.ref.run.ID, id)
}

func writeDownload(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.usesHeader(w, actionPins[kindDownload], [][2]string{{"name", "dist"}, {"path", "dist/"},
		{"merge-multiple", "false"}, {"repository", c.fullName()}, {"run-id", fmt.Sprint(c.ref.run.ID)}})
	id := c.artifactID()
	w.out("Downloading single artifact", "Preparing to download the following artifacts:")
	w.headf("- dist (ID: %d, Size: %d, Expected Digest: sha256:%s)", id, 40_000+int(c.ref.run.ID%20_000), fakeHex(64, "artifact", id))
	w.out("Redirecting to blob download url: https://productionresultssa3.blob.core.windows.net/actions-results/" +
		fakeUUID("artifact", id) + "/workflow-job-run-" + fakeUUID("job", c.ref.job.ID) + "/artifacts/" + fakeHex(64, "blob", id) + ".zip")
	w.out("Starting download of artifact to: " + c.workDir() + "/dist")
	w.out("SHA256 digest of downloaded artifact is "+fakeHex(64, "artifact", id), "Artifact download completed successfully.")
	w.out("Total of 1 artifact(s) downloaded", "Download artifact has finished successfully")
}

func writeDeploy(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.runHeader(w, []string{"./scripts/deploy.sh production"}, [][2]string{{"DEPLOY_TOKEN", "***"}, {"DEPLOY_ENV", "production"}})
	w.outf("==> Deploying %s %s to production", c.repoName(), c.shortSHA())
	w.out("==> Uploading release bundle (48 KB)", "==> Running database migrations")
	w.head("INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.",
		"INFO  [alembic.runtime.migration] Will assume transactional DDL.")
	w.out("==> Rolling out")
	for i := 1; i < 3; i++ {
		w.outf("Waiting for deployment %q rollout to finish: %d of 3 updated replicas are available...", c.repoName(), i)
	}
	w.outf("deployment %q successfully rolled out", c.repoName())
	w.outf("==> Smoke test: GET /healthz -> 200 (%d ms)", 20+c.rng.IntN(60))
	w.outf("##[notice]Deployed %s to https://%s.octo-org.example", c.shortSHA(), c.repoName())
}

func writeServices(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.runHeader(w, []string{"docker compose up -d --wait"}, nil)
	p := c.repoName()
	w.out(" Network "+p+"_default  Creating", " Network "+p+"_default  Created")
	for _, svc := range []string{"postgres", "redis"} {
		w.out(" Container "+p+"-"+svc+"-1  Creating", " Container "+p+"-"+svc+"-1  Created")
	}
	for _, svc := range []string{"postgres", "redis"} {
		w.out(" Container "+p+"-"+svc+"-1  Starting", " Container "+p+"-"+svc+"-1  Started")
	}
	for _, svc := range []string{"postgres", "redis"} {
		w.out(" Container "+p+"-"+svc+"-1  Waiting", " Container "+p+"-"+svc+"-1  Healthy")
	}
}

const goVersion = "1.25.1"

func (c *logCtx) goRoot() string {
	arch := "x64"
	if strings.Contains(strings.Join(c.ref.job.Labels, ","), "ARM64") {
		arch = "arm64"
	}
	return c.toolCache() + "/go/" + goVersion + "/" + arch
}

func writeSetupGo(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.usesHeader(w, actionPins[kindSetupGo], [][2]string{{"go-version-file", "go.mod"}, {"check-latest", "false"},
		{"token", "***"}, {"cache", "true"}})
	root := c.goRoot()
	w.out("Setup go version spec " + goVersion)
	w.head("Found in cache @ "+root, "Added go to the path", "Successfully set up Go version "+goVersion)
	w.head("[command]"+root+"/bin/go env GOMODCACHE", "[command]"+root+"/bin/go env GOCACHE")
	w.out("/home/runner/go/pkg/mod", "/home/runner/.cache/go-build")
	c.restoreCache(w, "go")
	w.outf("go version go%s linux/%s", goVersion, map[bool]string{true: "arm64", false: "amd64"}[strings.HasSuffix(root, "arm64")])
	w.out("")
	w.head("##[group]go env", "GO111MODULE=''", "GOARCH='amd64'", "GOCACHE='/home/runner/.cache/go-build'",
		"GOMODCACHE='/home/runner/go/pkg/mod'", "GOOS='linux'", "GOPROXY='https://proxy.golang.org,direct'",
		"GOROOT='"+root+"'", "GOTOOLCHAIN='auto'", "GOVERSION='go"+goVersion+"'", "##[endgroup]")
}

func writeGoBuild(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.runHeader(w, []string{"go build ./...", "go vet ./..."}, nil)
}

// goPackages are the api-server packages go test reports on.
var goPackages = []string{
	"cmd/api-server", "internal/auth", "internal/config", "internal/db", "internal/handlers",
	"internal/middleware", "internal/orders", "internal/ratelimit", "internal/telemetry", "pkg/client",
}

func writeGoTest(c *logCtx, w *logWriter, _ Step, failed bool) {
	c.runHeader(w, []string{"go test -race -count=1 ./..."}, nil)
	mod := "github.com/octo-org/" + c.repoName()
	for _, pkg := range goPackages {
		elapsed := 0.4 + c.rng.Float64()*3
		switch {
		case pkg == "cmd/api-server":
			w.outf("?   \t%s/%s\t[no test files]", mod, pkg)
		case failed && pkg == "internal/ratelimit":
			w.out("--- FAIL: TestRateLimiter_Burst (0.52s)")
			w.head("    ratelimit_test.go:88: got 429 after 9 requests, want after 10", "FAIL")
			w.outf("FAIL\t%s/%s\t%.3fs", mod, pkg, elapsed)
		default:
			w.outf("ok  \t%s/%s\t%.3fs", mod, pkg, elapsed)
		}
	}
	if failed {
		w.out("FAIL", "##[error]Process completed with exit code 1.")
	}
}

func writeGoIntegration(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.runHeader(w, []string{"go test -tags=integration -v ./test/integration/..."}, [][2]string{{"DATABASE_URL", "***"}})
	total := 0.0
	for _, t := range []string{"TestOrdersEndToEnd", "TestPaymentsWebhook", "TestRateLimitAcrossReplicas", "TestSchemaMigrations"} {
		secs := 1 + c.rng.Float64()*8
		total += secs
		w.out("=== RUN   " + t)
		w.outf("--- PASS: %s (%.2fs)", t, secs)
	}
	w.out("PASS")
	w.outf("ok  \tgithub.com/octo-org/%s/test/integration\t%.3fs", c.repoName(), total+0.8)
}

func writeDockerBuild(c *logCtx, w *logWriter, _ Step, _ bool) {
	image := "ghcr.io/octo-org/" + c.repoName() + ":" + c.shortSHA()
	c.runHeader(w, []string{"docker build -t " + image + " ."}, nil)
	w.out(`#0 building with "default" instance using docker driver`, "")
	w.out("#1 [internal] load build definition from Dockerfile")
	w.head("#1 transferring dockerfile: 612B done", "#1 DONE 0.0s", "")
	w.out("#2 [internal] load metadata for docker.io/library/golang:1.25-alpine")
	w.head("#2 DONE 0.8s", "")
	steps := []string{"[build 1/5] FROM docker.io/library/golang:1.25-alpine", "[build 2/5] WORKDIR /src",
		"[build 3/5] COPY go.mod go.sum ./", "[build 4/5] RUN go mod download", "[build 5/5] RUN CGO_ENABLED=0 go build -o /out/api-server ./cmd/api-server",
		"[stage-1 2/2] COPY --from=build /out/api-server /api-server"}
	for i, s := range steps {
		w.outf("#%d %s", i+3, s)
		w.headf("#%d DONE %.1fs", i+3, c.rng.Float64()*20)
		w.head("")
	}
	n := len(steps) + 3
	w.outf("#%d exporting to image", n)
	w.headf("#%d exporting layers done", n)
	w.headf("#%d writing image sha256:%s done", n, fakeHex(64, "image", c.sha()))
	w.headf("#%d naming to %s done", n, image)
	w.headf("#%d DONE 1.9s", n)
}

func writeDockerPush(c *logCtx, w *logWriter, _ Step, _ bool) {
	image := "ghcr.io/octo-org/" + c.repoName()
	c.runHeader(w, []string{"docker push " + image + ":" + c.shortSHA()}, nil)
	w.out("The push refers to repository [" + image + "]")
	for i := range 4 {
		w.out(fakeHex(12, "layer", i, c.sha()) + ": Preparing")
	}
	for i := range 4 {
		w.out(fakeHex(12, "layer", i, c.sha()) + ": Pushed")
	}
	w.outf("%s: digest: sha256:%s size: 1363", c.shortSHA(), fakeHex(64, "digest", c.sha()))
}

func writeSetupNode(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.usesHeader(w, actionPins[kindSetupNode], [][2]string{{"node-version", "22"}, {"cache", "npm"},
		{"always-auth", "false"}, {"check-latest", "false"}, {"token", "***"}})
	w.out("Found in cache @ /opt/hostedtoolcache/node/22.20.0/x64")
	w.head("##[group]Environment details", "node: v22.20.0", "npm: 10.9.3", "yarn: 1.22.22", "##[endgroup]")
	w.out("[command]/opt/hostedtoolcache/node/22.20.0/x64/bin/npm config get cache", "/home/runner/.npm")
	c.restoreCache(w, "node")
}

func writeNpmCI(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.runHeader(w, []string{"npm ci"}, nil)
	n := 1200 + int(c.ref.run.ID%300)
	w.out("")
	w.outf("added %d packages, and audited %d packages in %ds", n, n+1, 9+c.rng.IntN(20))
	w.out("")
	w.head(fmt.Sprintf("%d packages are looking for funding", n/6), "  run `npm fund` for details", "", "found 0 vulnerabilities")
}

func writeJest(c *logCtx, w *logWriter, st Step, failed bool) {
	pkg := c.plan.pkg
	name := "@octo-org/" + pkg[strings.LastIndex(pkg, "/")+1:]
	c.runHeader(w, []string{"npm test --workspace " + pkg}, nil)
	w.out("", "> "+name+"@2.3.0 test", "> jest --ci", "")
	suites := 3 + int(fakeHex(2, pkg)[0])%5
	tests := 0
	for i := range suites {
		file := fmt.Sprintf("src/%s.test.ts", pick(c.rng, "index", "client", "schema", "format", "handlers", "utils", "cache")+fmt.Sprint(i))
		tests += 5 + c.rng.IntN(12)
		if failed && i == 0 {
			c.jestFailure(w, file)
			continue
		}
		w.outf("PASS %s (%.2f s)", file, 0.3+c.rng.Float64()*4)
	}
	w.out("")
	if failed {
		w.headf("Test Suites: 1 failed, %d passed, %d total", suites-1, suites)
		w.headf("Tests:       1 failed, %d passed, %d total", tests-1, tests)
	} else {
		w.headf("Test Suites: %d passed, %d total", suites, suites)
		w.headf("Tests:       %d passed, %d total", tests, tests)
	}
	w.head("Snapshots:   0 total", fmt.Sprintf("Time:        %.3f s", max(stepSeconds(st)-1-c.rng.Float64(), 0.8)), "Ran all test suites.")
	if failed {
		w.head("npm error Lifecycle script `test` failed with error:", "npm error code 1",
			"npm error path "+c.workDir()+"/"+pkg, "npm error workspace "+name+"@2.3.0",
			"npm error location "+c.workDir()+"/"+pkg, "npm error command failed", "npm error command sh -c jest --ci")
		w.out("##[error]Process completed with exit code 1.")
	}
}

func (c *logCtx) jestFailure(w *logWriter, file string) {
	w.out("FAIL " + file)
	w.head("  ● totals › rounds to cents", "",
		"    expect(received).toBe(expected) // Object.is equality", "",
		"    Expected: 10.01", "    Received: 10.009999999999998", "",
		"      40 |     const total = sum(lines);",
		"    > 41 |     expect(total).toBe(10.01);",
		"         |                   ^",
		"      42 |   });", "",
		"      at Object.<anonymous> ("+file+":41:19)", "")
}

func writeSetupTerraform(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.usesHeader(w, actionPins[kindSetupTerraform], [][2]string{{"terraform_version", "1.13.3"},
		{"cli_config_credentials_hostname", "app.terraform.io"}, {"terraform_wrapper", "true"}})
	w.out("[command]/usr/bin/unzip -o -q /home/ubuntu/actions-runner/_work/_temp/" + fakeUUID("tf", c.ref.job.ID))
}

func writeTfInit(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.runHeader(w, []string{"terraform init -input=false"}, [][2]string{{"TF_IN_AUTOMATION", "true"}})
	w.out("[command]/home/ubuntu/actions-runner/_work/_temp/terraform-bin init -input=false")
	w.out("Initializing the backend...")
	w.head("", `Successfully configured the backend "s3"! Terraform will automatically`,
		"use this backend unless the backend configuration changes.")
	w.out("Initializing provider plugins...", `- Finding hashicorp/aws versions matching "~> 6.0"...`)
	w.out("- Installing hashicorp/aws v6.14.1...", "- Installed hashicorp/aws v6.14.1 (signed by HashiCorp)")
	w.out("", "Terraform has been successfully initialized!")
}

var tfResources = []string{"aws_s3_bucket.logs", "aws_iam_role.ci", "aws_iam_policy.deploy", "aws_route53_record.api",
	"aws_security_group.runners", "aws_kms_key.secrets", "aws_ecr_repository.api_server"}

func writeTfPlan(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.runHeader(w, []string{"terraform plan -input=false -out=tfplan"}, [][2]string{{"TF_IN_AUTOMATION", "true"}})
	for _, r := range tfResources {
		w.outf("%s: Refreshing state... [id=%s]", r, strings.ReplaceAll(r[strings.Index(r, ".")+1:], "_", "-"))
	}
	w.out("", "Terraform used the selected providers to generate the following execution plan.",
		"Resource actions are indicated with the following symbols:", "  ~ update in-place", "",
		"Terraform will perform the following actions:", "",
		"  # aws_iam_role.ci will be updated in-place", `  ~ resource "aws_iam_role" "ci" {`,
		`      ~ max_session_duration = 3600 -> 7200`, "        # (11 unchanged attributes hidden)", "    }", "",
		"Plan: 0 to add, 1 to change, 0 to destroy.")
}

func writeTfApply(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.runHeader(w, []string{"terraform apply -input=false tfplan"}, [][2]string{{"TF_IN_AUTOMATION", "true"}})
	w.out("aws_iam_role.ci: Modifying... [id=ci]")
	w.outf("aws_iam_role.ci: Modifications complete after %ds [id=ci]", 1+c.rng.IntN(3))
	w.out("", "Apply complete! Resources: 0 added, 1 changed, 0 destroyed.")
}
