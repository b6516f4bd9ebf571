"""The `policy` command on bad paths, bad input files, Ctrl-C and `--json` errors.

Each error is one line a person can act on (what is wrong, how to fix it),
with the documented exit code, and writes nothing.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest

from conftest import APPENDIX_C, ROOT, SUPPLIED_DOCUMENT, ctrl_c_as_in_a_terminal
from policy_site.cli import main
from policy_site.importer import export_reader
from policy_site.importer.export_reader import decode_export


def run_main(argv: list[str]) -> int:
    """``main`` in-process; a KeyboardInterrupt escaping it fails the test instead of stopping pytest."""
    try:
        return main(argv)
    except KeyboardInterrupt:
        pytest.fail("KeyboardInterrupt escaped policy_site.cli.main")


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


# ---------------------------------------------------------------- policy import -o


def test_import_into_a_folder_that_does_not_exist_is_a_usage_error(capsys, tmp_path):
    target = tmp_path / "missing" / "dir" / "out.yaml"
    assert run_main(["import", str(SUPPLIED_DOCUMENT), "-o", str(target)]) == 2
    out, err = capsys.readouterr()
    line = one_line(err)
    assert "does not exist" in line and "create it first" in line
    assert out == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_import_onto_an_existing_folder_is_a_usage_error_even_with_force(capsys, tmp_path, force):
    folder = tmp_path / "procedures"
    folder.mkdir()
    assert run_main(["import", str(SUPPLIED_DOCUMENT), "-o", str(folder), *force]) == 2
    line = one_line(capsys.readouterr().err)
    assert "is a folder" in line and "give a file name" in line
    assert list(folder.iterdir()) == []


# ---------------------------------------------------------------- policy import: what it reads


@pytest.mark.parametrize("data", [
    b"1. Use\x00\x00\x00\x01\x02 of social media" * 20,  # NUL bytes
    bytes(range(1, 32)) * 40 + b"1. Use of social media\n",  # mostly control characters, no NUL
    b"\x81\x8d\x8f\x90\x9d\xff\xfe" * 100,  # neither UTF-8 nor Windows-1252
], ids=["nul-bytes", "control-characters", "undecodable"])
def test_decode_export_refuses_binary_data(data):
    with pytest.raises(export_reader.NotATextExport, match="looks like a binary file, not a text export"):
        decode_export(data)


@pytest.mark.parametrize("text", [
    "1. Use\n1.1 Staff\u2019s email\fPage 2 of 3\n\t- a tab, a form feed\n",
    "\u00e9t\u00e9 " * 2000,
])
def test_decode_export_still_reads_real_exports_in_every_encoding(text):
    for data in (text.encode("utf-8"), text.encode("utf-16"), text.encode("cp1252")):
        assert decode_export(data)[0] == text


def test_decode_export_refuses_more_than_the_size_limit():
    assert decode_export(b"a" * export_reader.MAX_EXPORT_BYTES)[0] == "a" * export_reader.MAX_EXPORT_BYTES
    with pytest.raises(export_reader.NotATextExport, match="larger than 2 MB"):
        decode_export(b"a" * (export_reader.MAX_EXPORT_BYTES + 1))


def test_import_of_a_program_is_refused_with_how_to_export_text(capsys, tmp_path):
    target = tmp_path / "out.yaml"
    assert run_main(["import", "/usr/bin/ls", "-o", str(target)]) == 1
    out, err = capsys.readouterr()
    line = one_line(err)
    assert line.startswith("/usr/bin/ls: looks like a binary file, not a text export")
    assert "File > Save As > Plain Text" in line
    assert out == "" and not target.exists()


def test_import_of_a_file_over_the_size_limit_is_refused_quickly(capsys, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"1.1 Staff must use district email.\n" * (export_reader.MAX_EXPORT_BYTES // 30))
    started = time.monotonic()
    assert run_main(["import", str(big)]) == 1
    assert time.monotonic() - started < 2
    out, err = capsys.readouterr()
    assert "big.txt: is larger than 2 MB" in one_line(err)
    assert out == ""


def test_import_of_an_endless_device_stops_at_the_size_limit(capsys):
    assert run_main(["import", "/dev/zero"]) == 1
    assert "/dev/zero: is larger than 2 MB" in one_line(capsys.readouterr().err)


# ---------------------------------------------------------------- policy pdf -o


def test_pdf_into_a_folder_that_does_not_exist_fails_and_creates_no_folder(capsys, tmp_path):
    target = tmp_path / "nonexistent" / "x.pdf"
    assert run_main(["pdf", str(APPENDIX_C), "-o", str(target)]) == 2
    line = one_line(capsys.readouterr().err)
    assert "does not exist" in line
    assert list(tmp_path.iterdir()) == []


def test_pdf_onto_an_existing_folder_is_a_usage_error(capsys, tmp_path):
    assert run_main(["pdf", str(APPENDIX_C), "-o", str(tmp_path), "--force"]) == 2
    assert "is a folder" in one_line(capsys.readouterr().err)
    assert list(tmp_path.iterdir()) == []


def test_pdf_never_overwrites_a_file_without_force(capsys, tmp_path):
    target = tmp_path / "procedure.pdf"
    target.write_bytes(b"a PDF someone kept")
    assert run_main(["pdf", str(APPENDIX_C), "-o", str(target)]) == 1
    assert "already exists; choose another name with -o, or add --force" in one_line(capsys.readouterr().err)
    assert target.read_bytes() == b"a PDF someone kept"


@pytest.mark.pdf
def test_pdf_with_force_replaces_the_file(capsys, tmp_path):
    target = tmp_path / "procedure.pdf"
    target.write_bytes(b"an old PDF")
    assert run_main(["pdf", str(APPENDIX_C), "-o", str(target), "--force"]) == 0
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["procedure.pdf"]


def test_pdf_interrupted_while_writing_leaves_the_old_file_whole(capsys, tmp_path, monkeypatch):
    from policy_site.render import typst_pdf

    def interrupted_before_the_rename(partial, path):
        assert partial.read_bytes().startswith(b"%PDF-")  # the new PDF is written beside the old one ...
        raise KeyboardInterrupt  # ... and Ctrl-C comes before it is renamed into place

    monkeypatch.setattr(typst_pdf, "_finish", interrupted_before_the_rename)
    target = tmp_path / "procedure.pdf"
    target.write_bytes(b"the complete old PDF")
    assert run_main(["pdf", str(APPENDIX_C), "-o", str(target), "--force"]) == 130
    assert target.read_bytes() == b"the complete old PDF"
    assert [p.name for p in tmp_path.iterdir()] == ["procedure.pdf"]
    assert one_line(capsys.readouterr().err).startswith("policy: interrupted")


# ---------------------------------------------------------------- Ctrl-C


def test_ctrl_c_during_a_command_is_one_line_and_exit_130(capsys, tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("policy_site.cli.import_text.import_procedure", interrupted)
    target = tmp_path / "out.yaml"
    assert run_main(["import", str(SUPPLIED_DOCUMENT), "-o", str(target)]) == 130
    assert one_line(capsys.readouterr().err) == "policy: interrupted; nothing was changed"
    assert list(tmp_path.iterdir()) == []


# A ready line once everything is imported, so the signal lands inside main().
_READY_THEN_MAIN = (
    "import sys, policy_site.cli as cli; print('ready', flush=True); sys.exit(cli.main(sys.argv[1:]))"
)


def test_a_real_sigint_during_a_long_import_is_one_line_and_exit_130(tmp_path):
    source = tmp_path / "long.txt"
    text = SUPPLIED_DOCUMENT.read_text(encoding="utf-8")
    source.write_text(text * (1_500_000 // len(text)), encoding="utf-8")  # a few seconds of work
    target = tmp_path / "out.yaml"
    process = subprocess.Popen(
        [sys.executable, "-c", _READY_THEN_MAIN, "import", str(source), "-o", str(target)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=ctrl_c_as_in_a_terminal,
    )
    try:
        assert process.stdout.readline() == "ready\n"
        time.sleep(0.3)
        assert process.poll() is None, "the import finished before it could be interrupted"
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait(timeout=10)
    assert "Traceback" not in err
    assert process.returncode == 130, err
    assert err.strip().splitlines()[-1] == "policy: interrupted; nothing was changed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.txt"]


# ---------------------------------------------------------------- policy scenario --json errors


def scenario_json(capsys, monkeypatch, *args: str) -> tuple[int, dict]:
    monkeypatch.chdir(ROOT)
    code = run_main(["scenario", "--json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)  # exactly one JSON object, or this raises


@pytest.mark.parametrize(("args", "message"), [
    (["account"], '"account" is not FACT=VALUE (for example account=personal)'),
    (["account=personal", "account=professional"], 'fact "account" is given twice'),
    (["acount=personal"], "unknown fact 'acount'; did you mean 'account'?"),
    (["shares_student_pii=maybe"], 'fact "shares_student_pii" is yes/no: write yes or no, not "maybe"'),
])
def test_scenario_json_usage_errors_are_one_json_object_on_stdout(capsys, monkeypatch, args, message):
    code, data = scenario_json(capsys, monkeypatch, *args)
    assert code == 2
    assert data["ok"] is False and message in data["error"] and data["problems"] == []


def test_scenario_json_source_errors_list_each_problem_with_its_place(capsys, monkeypatch, tmp_path):
    code, data = scenario_json(capsys, monkeypatch, "--source-dir", str(tmp_path), "account=personal")
    assert code == 1
    assert data["ok"] is False and "problem in the policy source" in data["error"]
    assert {"path": str(tmp_path / "policy.yaml"), "line": 1, "column": 1, "severity": "error",
            "message": "policy.yaml not found; every procedure folder needs one"} in data["problems"]


def test_scenario_json_success_says_ok(capsys, monkeypatch):
    code, data = scenario_json(capsys, monkeypatch, "account=personal")
    assert code == 0 and data["ok"] is True and data["verdict"] == "needs_answers"


# ---------------------------------------------------------------- policy scenario: answers not counted


def test_scenario_says_which_answers_were_not_counted(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert run_main(["scenario", "account=personal", "comments_enabled=yes", "is_site_admin=no"]) == 0
    out = capsys.readouterr().out
    assert "Your answers: account=personal\n" in out
    assert (
        "Not asked for these answers, so not counted: "
        "comments_enabled=yes (asked only when (account is professional or district_school) and is_site_admin=yes); "
        "is_site_admin=no (asked only when account is professional or district_school)"
    ) in out


def test_scenario_json_lists_the_answers_not_counted(capsys, monkeypatch):
    code, data = scenario_json(capsys, monkeypatch, "account=personal", "comments_enabled=yes")
    assert code == 0
    assert data["answers"] == {"account": "personal"}
    assert data["not_counted"] == [{"fact": "comments_enabled", "answer": "yes"}]
    _, counted = scenario_json(capsys, monkeypatch, "account=professional", "is_site_admin=yes", "comments_enabled=no")
    assert counted["not_counted"] == []


def test_scenario_text_says_nothing_when_every_answer_counted(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert run_main(["scenario", "account=personal"]) == 0
    assert "not counted" not in capsys.readouterr().out
