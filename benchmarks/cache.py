"""Generated databases kept by size, seed and schema revision; runs work on fresh copies."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from benchmarks.generate import Progress, generate_database
from benchmarks.profile import GENERATOR_VERSION, Profile
from callnotes.paths import resolve_paths
from callnotes.settings import Settings, save_settings
from callnotes.storage.migrate import head_revision

# Settings of an agent who has used the app before: no first-run questions at start-up.
AGENT = Settings(agent_name="Bench Agent", company="Benchmark Ltd")


@dataclass(frozen=True)
class CachedDatabase:
    """A generated database file that no benchmark writes to (they get copies)."""

    path: Path
    profile: Profile
    seed: int
    report_case_id: int
    build_seconds: float
    built_now: bool

    def describe(self) -> str:
        """One line for the notes under the table."""
        how = "generated in this run" if self.built_now else "cached; generated"
        size = self.path.stat().st_size / 1e6
        return (
            f"{self.profile.label} database ({size:.0f} MB, seed {self.seed}): {how} "
            f"in {self.build_seconds:.1f} s"
        )


def cache_key(profile: Profile, seed: int) -> str:
    """Everything the file's content depends on: counts, seed, schema and generator version."""
    return f"{profile.key}-s{seed}-rev{head_revision()}-g{GENERATOR_VERSION}"


def cached_database(
    cache_dir: Path, profile: Profile, seed: int, *, progress: Progress | None = None
) -> CachedDatabase:
    """The database for *profile* and *seed*, generated on first use and reused afterwards."""
    cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = cache_key(profile, seed)
    path = cache_dir / f"{key}.db"
    meta_path = cache_dir / f"{key}.json"
    if path.is_file() and meta_path.is_file():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        return CachedDatabase(
            path, profile, seed, int(meta["report_case_id"]), float(meta["seconds"]), False
        )
    # Build under a temporary name and rename, so an interrupted run never leaves a file that
    # a later run would trust.
    partial = cache_dir / f"{key}.partial-{os.getpid()}.db"
    partial.unlink(missing_ok=True)
    try:
        built = generate_database(partial, profile, seed, progress=progress)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    meta_path.write_text(
        json.dumps({"report_case_id": built.report_case_id, "seconds": built.seconds}),
        encoding="utf-8",
    )
    _forget_older_builds(cache_dir, f"{profile.key}-s{seed}-", keep=key)
    return CachedDatabase(path, profile, seed, built.report_case_id, built.seconds, True)


def _forget_older_builds(cache_dir: Path, prefix: str, keep: str) -> None:
    # The same counts and seed under an older schema or generator: never used again.
    for stale in cache_dir.glob(f"{prefix}*"):
        if not stale.name.startswith(keep + "."):
            stale.unlink(missing_ok=True)


def working_copy(cached: CachedDatabase, data_dir: Path) -> Path:
    """Make *data_dir* an everyday installation holding a copy of the cached database.

    A plain file copy is safe here because the cached file is closed and fully checkpointed
    (it has no ``-wal`` file); a live WAL database must never be copied this way.
    """
    prepare_data_dir(data_dir)
    target = data_dir / "callnotes.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(cached.path, target)
    target.chmod(0o600)
    return data_dir


def prepare_data_dir(data_dir: Path) -> Path:
    """Make *data_dir* the folder of an agent who has used the app before (its settings),
    with no database yet: for a copy of one, or for a team database's address."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    save_settings(resolve_paths(str(data_dir)).settings_file, AGENT)
    return data_dir
