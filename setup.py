"""Only the optional compiled speed-ups live here; everything else is in pyproject.toml.

``cleaner._speedups`` (C, CPython API only) re-implements the hottest per-line functions of
the line model. It is optional: where it cannot be built (no compiler, an unusual platform) the
install still succeeds and cleaner runs the pure-Python reference implementations, which give
identical results (tests/test_speedups.py compares them line by line).
"""
from setuptools import Extension, setup

setup(ext_modules=[
    Extension(
        "cleaner._speedups",
        sources=["csrc/speedups.c", "csrc/features.c", "csrc/scoring.c", "csrc/words.c",
                 "csrc/lines.c", "csrc/text.c",
                 "csrc/document.c"],
        depends=["csrc/speedups.h"],
        optional=True,
        extra_compile_args=["-O2"],
    ),
])
