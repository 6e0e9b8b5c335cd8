"""`holdline --version`: what a bug report needs first (package, engine and Python versions).

The engine has no release number of its own (it ships inside the package), so its version is a digest of
the `matchers` source files: two installs with the same digest score names identically, whatever the
package version says (an editable install with local changes keeps its package version).
"""

from __future__ import annotations

import hashlib
import platform
from importlib import metadata
from pathlib import Path


def package_version() -> str:
    try:
        return metadata.version("holdline")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def engine_version() -> str:
    import matchers

    root = Path(matchers.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def version_text() -> str:
    return (
        f"holdline {package_version()} (engine {engine_version()}, "
        f"Python {platform.python_version()} {platform.python_implementation()})"
    )
