"""Finishing the Lambda package: bytecode for the target runtime, and a dependency check.

    python -m deploy.lambda_package compile dist/lambda 3.12
    python -m deploy.lambda_package check dist/lambda 3.12

Lambda's code folder is read-only, so bytecode that does not match the runtime
is recompiled in memory on every cold start. `compile` drops bytecode of other
versions and compiles everything with the target interpreter (unchecked-hash,
so the zip's timestamps never invalidate it), or says clearly that it cannot.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

# What the Lambda runtime brings; requirements on these are met by it, not by us.
RUNTIME_PROVIDED = frozenset({"boto3", "botocore", "s3transfer", "jmespath"})


def find_interpreter(version: str) -> str | None:
    """A python<version> that really is that version: on PATH, or installed by pyenv."""
    candidates = [shutil.which(f"python{version}")]
    pyenv_root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    candidates += sorted(glob.glob(f"{pyenv_root}/versions/{version}.*/bin/python{version}"), reverse=True)
    for candidate in filter(None, candidates):
        try:
            found = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                                   capture_output=True, text=True, timeout=30)
        except OSError:
            continue
        if found.returncode == 0 and found.stdout.strip() == version:
            return candidate
    return None


def drop_foreign_bytecode(folder: Path, version: str) -> int:
    tag = f"cpython-{version.replace('.', '')}"
    dropped = 0
    for pyc in folder.rglob("*.pyc"):
        if tag not in pyc.name:
            pyc.unlink()
            dropped += 1
    return dropped


def compile_for(folder: Path, version: str) -> bool:
    """True when the package now holds bytecode for `version` only."""
    dropped = drop_foreign_bytecode(folder, version)
    interpreter = find_interpreter(version)
    if interpreter is None:
        print(f"NOTE: no python{version} found (on PATH or under pyenv): the package ships without "
              f"bytecode, so every Lambda cold start compiles it. Install Python {version} "
              f"(for example `pyenv install {version}`) and build again.", file=sys.stderr)
        return False
    # SyntaxWarning: ask_sdk_model's docstrings hold escapes that 3.12 warns about, by the hundred.
    subprocess.run([interpreter, "-W", "ignore::SyntaxWarning", "-m", "compileall", "-q", "-j", "0",
                    "--invalidation-mode", "unchecked-hash", str(folder)], check=True)
    print(f"compiled for Python {version} with {interpreter} ({dropped} files of other versions dropped)")
    return True


def problems(folder: Path, version: str, runtime: dict[str, list[str]] | None = None) -> list[str]:
    """Every requirement in the package (and of the runtime's own packages) it does not meet."""
    from importlib.metadata import PathDistribution

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    environment = {"python_version": version, "python_full_version": f"{version}.0",
                   "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
                   "implementation_name": "cpython", "platform_python_implementation": "CPython",
                   "platform_machine": "x86_64", "extra": ""}
    shipped = {canonicalize_name(d.metadata["Name"]): d.version
               for d in (PathDistribution(p) for p in folder.glob("*.dist-info"))}
    wanted: list[tuple[str, str]] = []
    for info in folder.glob("*.dist-info"):
        distribution = PathDistribution(info)
        wanted += [(distribution.metadata["Name"], r) for r in distribution.requires or []]
    for name, requirements in (runtime or {}).items():
        wanted += [(f"{name} (Lambda runtime)", r) for r in requirements]
    found = []
    for who, text in wanted:
        requirement = Requirement(text)
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        if name in shipped:
            if not requirement.specifier.contains(shipped[name], prereleases=True):
                found.append(f"{who} requires {text}, but the package has {name} {shipped[name]}")
        elif name not in RUNTIME_PROVIDED:
            found.append(f"{who} requires {text}, which the package does not have")
    return found


def runtime_requirements() -> dict[str, list[str]]:
    """botocore's requirements, as installed here: the nearest record of the runtime's."""
    from importlib.metadata import PackageNotFoundError, requires

    try:
        return {"botocore": requires("botocore") or []}
    except PackageNotFoundError:
        return {}


def main(argv: list[str]) -> int:
    command, folder, version = argv[0], Path(argv[1]), argv[2]
    if command == "compile":
        compile_for(folder, version)
        return 0
    found = problems(folder, version, runtime_requirements())
    for problem in found:
        print(f"dependency conflict: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
