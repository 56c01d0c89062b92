"""Write the sha256 manifest of the default trained pipeline (`data/models/*.sha256`).

Run it once against a copy of en_core_web_sm 3.8.0 you trust (the official package, or the
re-upload after comparing it with the official release):

    python -m extractors.build_model_manifest PIPELINE_DIR

`extractors.base_model` refuses to load the re-upload when a file differs from this manifest.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from extractors.base_model import DEFAULT_MODEL, DEFAULT_VERSION, MANIFEST, file_digests


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pipeline_dir", type=Path, help="the directory holding config.cfg and the weights")
    parser.add_argument("-o", "--output", type=Path, default=MANIFEST)
    args = parser.parse_args(argv)
    digests = file_digests(args.pipeline_dir)
    lines = [f"# sha256 of {DEFAULT_MODEL} {DEFAULT_VERSION}, written by extractors/build_model_manifest.py"]
    lines += [f"{digest}  {rel}" for rel, digest in digests.items()]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(digests)} digests to {args.output}")


if __name__ == "__main__":
    main()
