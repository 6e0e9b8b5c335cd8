"""The server jars of a pinned Apache Kafka release, resolved once into a verified cache folder.

    .venv/bin/python -m bench.kafka_fetch [--version 3.9.1] [--from-dist DIR]

`KafkaBroker` (tests/support/kafka_broker.py) runs Apache Kafka from a folder of jars, not from a
distribution's shell scripts, so the benchmarks can measure the worker against the broker production
deploys (Compose pins `apache/kafka:3.9.1`) where Java is installed. The jars come from one of two places:

- Maven: `mvn dependency:build-classpath` on a generated pom naming `org.apache.kafka:kafka_2.13` (and the
  logging binding the distribution ships), with strict checksums (`-C`: a download whose checksum does not
  match Maven Central's fails); each jar is checked again against the `.sha1` Maven stored beside it, then
  copied into the cache;
- a Kafka distribution already on disk (`--from-dist`, or `HOLDLINE_KAFKA_DIST`): the `libs/` folder of an
  unpacked `kafka_2.13-<version>.tgz`, for machines that have one but reach no Maven repository.

The cache (`~/.cache/holdline/kafka/<version>/`, or under `HOLDLINE_KAFKA_CACHE`) holds `libs/` and a
`manifest.json` naming every jar with its SHA-256: a folder whose manifest is missing, names another
version, or whose jars are missing, extra or changed is not trusted and is resolved again. A new cache is
built in a folder of its own and renamed into place, so two fetchers never see half of one.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

KAFKA_VERSION = "3.9.1"
SCALA_VERSION = "2.13"
# Kafka 3.x logs through slf4j to log4j 1 (reload4j); the distribution ships the binding, its pom does not
# name it, so without these the broker would log nothing anywhere.
LOGGING_JARS = (("org.slf4j", "slf4j-reload4j", "1.7.36"), ("ch.qos.reload4j", "reload4j", "1.2.25"))
ENV_CACHE = "HOLDLINE_KAFKA_CACHE"
ENV_DIST = "HOLDLINE_KAFKA_DIST"
MANIFEST = "manifest.json"
LIBS = "libs"
MVN_TIMEOUT_S = 900.0


class KafkaFetchError(RuntimeError):
    """The Kafka jars could not be resolved or verified; the benchmark stops with this reason."""


class Manifest(BaseModel):
    """What a cache folder holds: the release, where its jars came from, and each jar's SHA-256."""

    kafka_version: str
    scala_version: str
    source: Literal["maven", "distribution"]
    jars: dict[str, str]


def cache_root() -> Path:
    override = os.environ.get(ENV_CACHE)
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "holdline" / "kafka"


def cache_dir(version: str = KAFKA_VERSION, root: Path | None = None) -> Path:
    return (root or cache_root()) / version


def server_jar(version: str = KAFKA_VERSION, scala: str = SCALA_VERSION) -> str:
    """The jar holding `kafka.Kafka` and `kafka.tools.StorageTool`: a cache without it is no Kafka."""
    return f"kafka_{scala}-{version}.jar"


def render_pom(version: str = KAFKA_VERSION, scala: str = SCALA_VERSION) -> str:
    """A pom whose runtime classpath is the broker's: Kafka's server artifact and its logging binding."""
    deps = [("org.apache.kafka", f"kafka_{scala}", version), *LOGGING_JARS]
    body = "".join(
        f"    <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version>"
        "</dependency>\n"
        for g, a, v in deps
    )
    return (
        '<project xmlns="http://maven.apache.org/POM/4.0.0">\n'
        "  <modelVersion>4.0.0</modelVersion>\n"
        "  <groupId>holdline.bench</groupId>\n"
        f"  <artifactId>kafka-server-classpath</artifactId>\n  <version>{version}</version>\n"
        "  <packaging>pom</packaging>\n"
        f"  <dependencies>\n{body}  </dependencies>\n"
        "</project>\n"
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def problems(folder: Path, version: str = KAFKA_VERSION, scala: str = SCALA_VERSION) -> list[str]:
    """Why `folder` is not a usable cache of that release (empty: it is)."""
    try:
        manifest = Manifest.model_validate_json((folder / MANIFEST).read_bytes())
    except OSError:
        return [f"no {MANIFEST}"]
    except ValidationError as exc:
        return [f"unreadable {MANIFEST}: {exc.error_count()} error(s)"]
    found: list[str] = []
    if (manifest.kafka_version, manifest.scala_version) != (version, scala):
        found.append(f"holds Kafka {manifest.scala_version}-{manifest.kafka_version}, not {scala}-{version}")
    if server_jar(version, scala) not in manifest.jars:
        found.append(f"no {server_jar(version, scala)}")
    libs = folder / LIBS
    present = {p.name for p in libs.glob("*.jar")} if libs.is_dir() else set()
    found += [f"missing {name}" for name in sorted(set(manifest.jars) - present)]
    found += [f"unlisted {name}" for name in sorted(present - set(manifest.jars))]
    for name in sorted(set(manifest.jars) & present):
        if sha256_of(libs / name) != manifest.jars[name]:
            found.append(f"changed {name}")
    return found


def write_manifest(
    folder: Path, source: Literal["maven", "distribution"], version: str, scala: str
) -> Manifest:
    jars = {p.name: sha256_of(p) for p in sorted((folder / LIBS).glob("*.jar"))}
    manifest = Manifest(kafka_version=version, scala_version=scala, source=source, jars=jars)
    (folder / MANIFEST).write_text(manifest.model_dump_json(indent=2) + "\n")
    return manifest


def check_maven_sha1(jar: Path) -> None:
    """The jar in the local Maven repository matches the `.sha1` Maven downloaded with it (Central's)."""
    sidecar = jar.with_name(jar.name + ".sha1")
    if not sidecar.is_file():
        return  # installed without a checksum file (e.g. `mvn install` of a local build): -C judged it
    words = sidecar.read_text(errors="replace").split()
    expected = words[0].lower() if words else ""
    digest = hashlib.sha1(jar.read_bytes(), usedforsecurity=False).hexdigest()
    if digest != expected:
        raise KafkaFetchError(f"{jar} does not match its Maven checksum ({digest} != {expected})")


def resolve_with_maven(
    dest: Path, version: str, scala: str, mvn: str = "mvn", timeout: float = MVN_TIMEOUT_S
) -> list[Path]:
    """Resolve the runtime classpath with Maven (strict checksums) and copy its jars into `dest`."""
    if shutil.which(mvn) is None:
        raise KafkaFetchError(f"Maven (`{mvn}`) is not installed; or pass --from-dist / {ENV_DIST}")
    with tempfile.TemporaryDirectory(prefix="holdline-kafka-pom-") as tmp:
        work = Path(tmp)
        (work / "pom.xml").write_text(render_pom(version, scala))
        classpath = work / "classpath.txt"
        cmd = [
            mvn,
            "-B",
            "-q",
            "-C",
            "-Dstyle.color=never",
            "-f",
            str(work / "pom.xml"),
            "dependency:build-classpath",
            f"-Dmdep.outputFile={classpath}",
            "-Dmdep.includeScope=runtime",
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise KafkaFetchError(f"Maven did not finish in {timeout:.0f}s") from exc
        if done.returncode != 0 or not classpath.is_file():
            tail = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr).strip()[-1500:]
            raise KafkaFetchError(
                f"Maven could not resolve org.apache.kafka:kafka_{scala}:{version} (exit {done.returncode}); "
                "no Maven repository reachable? Use an unpacked Kafka instead: "
                f"`python -m bench.kafka_fetch --from-dist DIR` or {ENV_DIST}=DIR.\n{tail}"
            )
        jars = [Path(p) for p in classpath.read_text().strip().split(os.pathsep) if p]
    copied = []
    for jar in jars:
        check_maven_sha1(jar)
        shutil.copy2(jar, dest / jar.name)
        copied.append(dest / jar.name)
    return copied


def copy_distribution(dest: Path, dist: Path, version: str, scala: str) -> list[Path]:
    """The jars of an unpacked Kafka distribution (`dist` or its `libs/`)."""
    libs = dist / LIBS if (dist / LIBS).is_dir() else dist
    if not (libs / server_jar(version, scala)).is_file():
        raise KafkaFetchError(
            f"{libs} is not a Kafka {scala}-{version} distribution (no {server_jar(version, scala)})"
        )
    copied = []
    for jar in sorted(libs.glob("*.jar")):
        shutil.copy2(jar, dest / jar.name)
        copied.append(dest / jar.name)
    return copied


def fetch(
    version: str = KAFKA_VERSION,
    scala: str = SCALA_VERSION,
    root: Path | None = None,
    dist: Path | None = None,
    mvn: str = "mvn",
) -> Path:
    """The verified `libs/` folder of that release, resolved now only if the cache is not usable."""
    target = cache_dir(version, root)
    if not problems(target, version, scala):
        return target / LIBS
    dist = dist or (Path(os.environ[ENV_DIST]) if os.environ.get(ENV_DIST) else None)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=target.parent))
    try:
        (staging / LIBS).mkdir()
        if dist is not None:
            copy_distribution(staging / LIBS, dist, version, scala)
            write_manifest(staging, "distribution", version, scala)
        else:
            resolve_with_maven(staging / LIBS, version, scala, mvn=mvn)
            write_manifest(staging, "maven", version, scala)
        if target.exists() and problems(target, version, scala):
            shutil.rmtree(target, ignore_errors=True)  # a damaged cache: replaced
        try:
            staging.rename(target)
        except OSError:
            if problems(target, version, scala):
                raise
            # another fetcher renamed its complete copy into place first: that one is used
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if found := problems(target, version, scala):
        raise KafkaFetchError(f"the new cache {target} does not verify: {'; '.join(found)}")
    return target / LIBS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=KAFKA_VERSION)
    parser.add_argument("--scala", default=SCALA_VERSION)
    parser.add_argument("--from-dist", type=Path, help=f"an unpacked Kafka distribution (or env {ENV_DIST})")
    parser.add_argument("--root", type=Path, help=f"cache root (default {cache_root()})")
    args = parser.parse_args(argv)
    try:
        libs = fetch(args.version, args.scala, root=args.root, dist=args.from_dist)
    except KafkaFetchError as exc:
        print(f"kafka fetch: {exc}", file=sys.stderr)
        return 1
    print(libs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
