"""The Kafka jar cache of the `--broker kafka` benchmarks: built from a distribution folder, trusted only
while its manifest matches every jar, rebuilt when anything is off, never half-written.

No test runs Maven or Java (CI installs neither): a Kafka distribution is stood in for by a folder of jar
files of the same names, which is all the cache reads of it."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree

from tests.support.kafka_fetch import (
    KAFKA_VERSION,
    LIBS,
    MANIFEST,
    SCALA_VERSION,
    KafkaFetchError,
    Manifest,
    cache_dir,
    check_maven_sha1,
    fetch,
    problems,
    render_pom,
    server_jar,
)

NO_MAVEN = "/nonexistent/mvn"  # a fetch that would need Maven fails at once instead of going online


def make_dist(root: Path, jars: dict[str, bytes] | None = None) -> Path:
    libs = root / "kafka_2.13-dist" / "libs"
    libs.mkdir(parents=True)
    for name, body in (
        jars or {server_jar(): b"server classes", "kafka-clients-3.9.1.jar": b"client"}
    ).items():
        (libs / name).write_bytes(body)
    return libs.parent


def test_a_fetch_from_a_distribution_copies_its_jars_and_records_their_hashes(tmp_path: Path) -> None:
    dist = make_dist(tmp_path)
    libs = fetch(root=tmp_path / "cache", dist=dist, mvn=NO_MAVEN)
    assert libs == cache_dir(KAFKA_VERSION, tmp_path / "cache") / LIBS
    assert sorted(p.name for p in libs.iterdir()) == sorted(p.name for p in (dist / "libs").iterdir())
    manifest = Manifest.model_validate_json((libs.parent / MANIFEST).read_bytes())
    assert manifest.source == "distribution"
    assert manifest.jars[server_jar()] == hashlib.sha256(b"server classes").hexdigest()
    assert problems(libs.parent) == []


def test_a_verified_cache_is_reused_without_its_source(tmp_path: Path) -> None:
    dist = make_dist(tmp_path)
    first = fetch(root=tmp_path / "cache", dist=dist, mvn=NO_MAVEN)
    before = (first / server_jar()).stat().st_mtime_ns
    for jar in (dist / "libs").iterdir():
        jar.unlink()
    again = fetch(root=tmp_path / "cache", mvn=NO_MAVEN)
    assert again == first
    assert (again / server_jar()).stat().st_mtime_ns == before


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda libs: (libs / server_jar()).write_bytes(b"server"), f"changed {server_jar()}"),
        (lambda libs: (libs / "kafka-clients-3.9.1.jar").unlink(), "missing kafka-clients-3.9.1.jar"),
        (lambda libs: (libs / "extra-1.0.jar").write_bytes(b"x"), "unlisted extra-1.0.jar"),
        (lambda libs: (libs.parent / MANIFEST).write_text("{not json"), f"unreadable {MANIFEST}"),
        (lambda libs: (libs.parent / MANIFEST).unlink(), f"no {MANIFEST}"),
    ],
    ids=["truncated jar", "missing jar", "unlisted jar", "corrupt manifest", "no manifest"],
)
def test_a_damaged_cache_is_not_trusted_and_is_rebuilt(tmp_path: Path, damage: object, reason: str) -> None:
    dist = make_dist(tmp_path)
    libs = fetch(root=tmp_path / "cache", dist=dist, mvn=NO_MAVEN)
    damage(libs)  # type: ignore[operator]
    assert any(found.startswith(reason) for found in problems(libs.parent)), problems(libs.parent)
    with pytest.raises(KafkaFetchError, match="Maven"):
        fetch(root=tmp_path / "cache", mvn=NO_MAVEN)  # not trusted: it must resolve again
    rebuilt = fetch(root=tmp_path / "cache", dist=dist, mvn=NO_MAVEN)
    assert problems(rebuilt.parent) == []
    assert (rebuilt / server_jar()).read_bytes() == b"server classes"


def test_a_cache_of_another_release_is_not_this_one(tmp_path: Path) -> None:
    dist = make_dist(tmp_path)
    libs = fetch(root=tmp_path / "cache", dist=dist, mvn=NO_MAVEN)
    found = problems(libs.parent, version="4.0.0")
    assert f"holds Kafka {SCALA_VERSION}-{KAFKA_VERSION}, not {SCALA_VERSION}-4.0.0" in found
    assert "no kafka_2.13-4.0.0.jar" in found


def test_a_folder_without_the_server_jar_is_refused(tmp_path: Path) -> None:
    dist = make_dist(tmp_path, {"kafka-clients-3.9.1.jar": b"client"})
    with pytest.raises(KafkaFetchError, match="not a Kafka"):
        fetch(root=tmp_path / "cache", dist=dist, mvn=NO_MAVEN)
    assert not cache_dir(KAFKA_VERSION, tmp_path / "cache").exists()
    assert list((tmp_path / "cache").iterdir()) == []  # the staging folder is gone too


def test_concurrent_fetchers_leave_one_verified_cache(tmp_path: Path) -> None:
    dist = make_dist(
        tmp_path, {server_jar(): b"s" * 20_000, **{f"dep{i}.jar": bytes([i]) * 500 for i in range(12)}}
    )
    results: list[Path | BaseException] = []

    def run() -> None:
        try:
            results.append(fetch(root=tmp_path / "cache", dist=dist, mvn=NO_MAVEN))
        except BaseException as exc:  # reported below
            results.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 and all(isinstance(r, Path) for r in results), results
    assert problems(cache_dir(KAFKA_VERSION, tmp_path / "cache")) == []
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [KAFKA_VERSION]


def test_a_jar_is_checked_against_the_checksum_maven_stored_beside_it(tmp_path: Path) -> None:
    jar = tmp_path / "kafka-clients-3.9.1.jar"
    jar.write_bytes(b"client classes")
    sidecar = tmp_path / "kafka-clients-3.9.1.jar.sha1"
    sidecar.write_text(hashlib.sha1(b"client classes").hexdigest() + "  kafka-clients-3.9.1.jar\n")
    check_maven_sha1(jar)
    jar.write_bytes(b"client classes, altered")
    with pytest.raises(KafkaFetchError, match="does not match its Maven checksum"):
        check_maven_sha1(jar)


def test_the_pom_asks_for_the_server_and_its_logging_binding() -> None:
    root = ElementTree.fromstring(render_pom("3.9.1", "2.13"))
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}

    def coords(dep: Element) -> tuple[str, str, str]:
        return tuple(
            dep.findtext(f"m:{k}", namespaces=ns) or "" for k in ("groupId", "artifactId", "version")
        )  # type: ignore[return-value]

    deps = [coords(d) for d in root.findall("m:dependencies/m:dependency", ns)]
    assert ("org.apache.kafka", "kafka_2.13", "3.9.1") in deps
    assert any(artifact == "slf4j-reload4j" for _, artifact, _ in deps)
    assert root.findtext("m:packaging", namespaces=ns) == "pom"
