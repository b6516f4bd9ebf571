"""Careless or hostile input to the loader: one clear error, never a hang,
a traceback, a pile of follow-on errors, or output that is not JSON.

(Each single message has its fixture in tests/fixtures/invalid/.)
"""

import json
import shutil

from policy_site.cli import main as policy_cli
from policy_site.load.limits import MAX_FILE_BYTES

from conftest import APPENDIX_C, ROOT


def check_json(source_dir, capsys) -> dict:
    code = policy_cli(["check", str(source_dir), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == (0 if report["ok"] else 1)
    return report


def copy_of_the_real_source(tmp_path):
    """A copy of the real manual; returns Appendix C's folder in it."""
    shutil.copytree(ROOT / "policy_src", tmp_path / "policy_src")
    return tmp_path / "policy_src" / APPENDIX_C.relative_to(ROOT / "policy_src")


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_policy_file_that_fails_does_not_bury_its_error_under_follow_on_errors(tmp_path, capsys):
    source = copy_of_the_real_source(tmp_path)
    edit(source / "policy.yaml", "slug: ap-140-appendix-c-acceptable-use-of-social-media", "slug: AP 140 Appendix C")
    report = check_json(source, capsys)
    # Before: 88 "expects clause 2.1, which does not exist" errors from examples.yaml came first.
    assert [(e["path"].rsplit("/", 1)[-1], e["message"]) for e in report["errors"]] == [
        ("policy.yaml", '"slug" "AP 140 Appendix C" is not valid: use lower-case letters, digits and single hyphens'),
    ]


def test_a_fact_that_fails_is_reported_once_not_at_every_condition_using_it(tmp_path, capsys):
    source = copy_of_the_real_source(tmp_path)
    edit(source / "facts.yaml", "name: account", "name: Account")
    report = check_json(source, capsys)
    assert [(e["path"].rsplit("/", 1)[-1], e["line"]) for e in report["errors"]] == [("facts.yaml", 12)]
    assert report["errors"][0]["message"].startswith('"name" "Account" is not valid')


def test_deep_nesting_gives_json_with_the_error_not_a_traceback(tmp_path, capsys):
    source = copy_of_the_real_source(tmp_path)
    edit(source / "policy.yaml", "references: [foippa]", "references: " + "[" * 500 + "foippa" + "]" * 500)
    report = check_json(source, capsys)
    (error,) = report["errors"]
    assert "nested more than 40 levels deep" in error["message"]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, capsys):
    source = copy_of_the_real_source(tmp_path)
    with (source / "questions.yaml").open("a", encoding="utf-8") as questions:
        questions.write("# " + "x" * MAX_FILE_BYTES + "\n")
    report = check_json(source, capsys)
    (error,) = report["errors"]
    assert (error["path"].rsplit("/", 1)[-1], error["line"], error["column"]) == ("questions.yaml", 1, 1)
    assert error["message"].startswith("file is larger than 16 MB")


def test_a_bundle_the_engine_would_refuse_fails_the_build_not_every_readers_page():
    import pytest

    from policy_site.engine_assets.site_files import BundleRefused, check_the_engine_accepts

    with pytest.raises(BundleRefused, match="request is too large"):
        check_the_engine_accepts(json.dumps({"format": 1, "padding": "x" * 2_000_000}), "example")
    with pytest.raises(BundleRefused, match="bundle.policy is missing"):
        check_the_engine_accepts(json.dumps({"format": 1}), "example")
