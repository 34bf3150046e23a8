"""The team database chosen once in Settings: used at every start, never with its password."""

from __future__ import annotations

from pathlib import Path

import pytest

from callnotes.cli import main
from callnotes.launch import database_url
from callnotes.paths import resolve_paths
from callnotes.settings import Settings, load_settings, save_settings, team_database_problem

TEAM = "postgresql://priya@db.example.org:5432/callnotes"


@pytest.mark.parametrize(
    "url",
    [
        TEAM,
        "postgresql+psycopg://priya@db.example.org/callnotes",
        "postgresql:///?service=team",
        "",
    ],
)
def test_a_postgresql_address_without_password_is_a_team_database(url: str) -> None:
    assert team_database_problem(url) == ""


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql://priya:s3cret@db.example.org/callnotes", "Leave the password out"),
        ("postgresql://priya@db.example.org/callnotes?password=s3cret", "Leave the password out"),
        ("sqlite:///home/priya/callnotes.db", "starting with postgresql://"),
        ("db.example.org", "starting with postgresql://"),
    ],
)
def test_anything_else_is_refused_in_one_sentence(url: str, said: str) -> None:
    assert said in team_database_problem(url)


def settings_with_team(tmp_path: Path, url: str) -> str:
    data_dir = str(tmp_path / "data")
    save_settings(
        resolve_paths(data_dir).settings_file, Settings(agent_name="Priya", team_database=url)
    )
    return data_dir


def test_the_setting_is_the_database_unless_db_is_given(tmp_path: Path) -> None:
    data_dir = settings_with_team(tmp_path, TEAM)
    assert load_settings(resolve_paths(data_dir).settings_file).team_database == TEAM
    assert database_url(data_dir, None) == TEAM
    assert database_url(data_dir, "sqlite:////tmp/other.db") == "sqlite:////tmp/other.db"
    assert database_url(str(tmp_path / "elsewhere"), None) is None  # no setting: this computer


def test_a_command_reaches_for_the_team_database_and_says_when_it_cannot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = settings_with_team(tmp_path, "postgresql://priya@127.0.0.1:1/callnotes")

    code = main(["--data-dir", data_dir, "cases"])

    err = capsys.readouterr().err.strip()
    assert code == 1
    assert "cannot be reached" in err and "Traceback" not in err
    assert len(err.splitlines()) == 1
    assert not (Path(data_dir) / "callnotes.db").exists(), "no local file made instead"
