"""Datasets by name: read from ``data/``, checked, and explained when something is wrong.

    >>> survey = load_dataset("cs_awareness_survey_2021")
    >>> list(survey.columns)
    ['item', 'item_ja', 'base', 'share']

Each dataset declares its file and the type of every column; :func:`load_dataset` refuses a file
whose columns are missing or of the wrong type, so a damaged or hand-edited file fails loudly at
load time and not three cells later.  ``data/README.md`` gives each file's source and licence.
The files install with the package (a wheel carries them as ``cslearn/datasets/``), so they load
from any folder; the folder can be moved by setting the ``CSLEARN_DATA`` environment variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cslearn._validate import check_choice

__all__ = ["Dataset", "DATASETS", "data_dir", "list_datasets", "load_dataset", "register_dataset"]

_KINDS = ("text", "int", "float", "date")


@dataclass(frozen=True)
class Dataset:
    """A file in ``data/`` and what its columns must hold.

    >>> DATASETS["cdnow"].name
    'cdnow'
    """

    name: str
    filename: str
    description: str
    columns: dict[str, str]
    read_options: dict = field(default_factory=dict)
    date_format: str | None = None


DATASETS: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> Dataset:
    """Add a dataset to the registry (each chapter's module registers its own).

    >>> register_dataset(DATASETS["cdnow"]) is DATASETS["cdnow"]
    True
    """
    for column, kind in dataset.columns.items():
        check_choice(f"the kind of column {column!r}", kind, _KINDS)
    DATASETS[dataset.name] = dataset
    return dataset


register_dataset(
    Dataset(
        "glossary",
        "glossary.csv",
        "Bilingual glossary of the course's key terms (written for the course).",
        {"term_en": "text", "term_ja": "text", "reading": "text", "chapter": "int", "definition": "text",
         "definition_ja": "text"},
    )
)
register_dataset(
    Dataset(
        "cs_awareness_survey_2021",
        "cs_awareness_survey_2021.csv",
        "Customer-success awareness among 374 Japanese IT executives, January 2021 (Link Co.).",
        {"item": "text", "item_ja": "text", "base": "text", "share": "float"},
    )
)


register_dataset(
    Dataset(
        "cdnow",
        "cdnow_sample.txt",
        "Every CD purchase to June 1998 of 2,357 customers who first bought at CDNOW in Q1 1997 (Fader & Hardie).",
        {"customer_id": "int", "date": "date", "cds": "int", "amount": "float"},
        read_options={
            "sep": r"\s+",
            "header": None,
            "names": ["master_id", "customer_id", "date", "cds", "amount"],
            "dtype": {"master_id": str, "date": str},
        },
        date_format="%Y%m%d",
    )
)
register_dataset(
    Dataset(
        "retention_cohorts_published",
        "retention_cohorts_published.csv",
        "Customers still active, year by year, in two cohorts of 1,000 (Fader & Hardie 2007).",
        {"year": "int", "regular": "int", "high_end": "int"},
    )
)

register_dataset(
    Dataset(
        "reviews_loyalty",
        "reviews_loyalty.csv",
        "Bilingual reviews of sandals and bottles labelled with their loyalty type (written for the course); "
        "split 'tuning' (the rules were written with these) or 'heldout' (written after, never tuned on).",
        {"review_id": "int", "language": "text", "product": "text", "text": "text", "label": "text", "reason": "text",
         "split": "text"},
    )
)


def data_dir() -> Path:
    """The folder the datasets are read from.

    ``$CSLEARN_DATA`` when it is set; otherwise ``cslearn/datasets/``, where an installed wheel
    carries the files of ``data/`` (setup.py maps it); otherwise the checkout's ``data/`` beside the
    package, which is where an editable install reads them.

    >>> (data_dir() / "README.md").exists()
    True
    """
    override = os.environ.get("CSLEARN_DATA")
    if override:
        return Path(override)
    package = Path(__file__).resolve().parent
    installed = package / "datasets"
    return installed if installed.is_dir() else package.parent / "data"


def list_datasets() -> pd.DataFrame:
    """A table of the datasets that :func:`load_dataset` knows, with their files and descriptions.

    >>> "glossary" in list_datasets()["name"].tolist()
    True
    """
    rows = [{"name": d.name, "file": d.filename, "description": d.description} for d in DATASETS.values()]
    return pd.DataFrame(rows).sort_values("name", ignore_index=True)


def _coerce(frame: pd.DataFrame, column: str, kind: str, where: str, date_format: str | None) -> pd.Series:
    values = frame[column]
    if values.isna().any():
        row = int(values.isna().to_numpy().argmax()) + 2  # +1 for the header, +1 for counting from 1
        raise ValueError(f"{where}: column {column!r} has an empty value (line {row} of the file)")
    if kind == "text":
        return values.astype(str)
    if kind == "date":
        try:
            return pd.to_datetime(values, format=date_format)
        except (ValueError, TypeError):
            raise ValueError(f"{where}: column {column!r} must hold dates") from None
    numbers = pd.to_numeric(values, errors="coerce")
    if numbers.isna().any():
        bad = values[numbers.isna()].iloc[0]
        raise ValueError(f"{where}: column {column!r} must hold numbers (found {bad!r})")
    if kind == "int":
        if not (numbers == numbers.round()).all():
            raise ValueError(f"{where}: column {column!r} must hold whole numbers")
        return numbers.astype("int64")
    return numbers.astype(float)


def load_dataset(name: str) -> pd.DataFrame:
    """Load a dataset from ``data/`` by name, with its columns checked and typed.

    >>> load_dataset("glossary").columns[:2].tolist()
    ['term_en', 'term_ja']
    """
    if name not in DATASETS:
        raise ValueError(f"name must be one of {', '.join(map(repr, sorted(DATASETS)))} (got {name!r})")
    dataset = DATASETS[name]
    path = data_dir() / dataset.filename
    if not path.exists():
        raise FileNotFoundError(
            f"dataset {name!r} should be in {path}, which does not exist; the course ships it in data/ and "
            "the installed package in cslearn/datasets/ (reinstall cslearn, or set CSLEARN_DATA to the folder "
            "that holds it)"
        )
    frame = pd.read_csv(path, **dataset.read_options)
    missing = [c for c in dataset.columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{path.name}: missing column(s) {', '.join(map(repr, missing))}; "
            f"expected {', '.join(dataset.columns)}"
        )
    if frame.empty:
        raise ValueError(f"{path.name} has no rows")
    for column, kind in dataset.columns.items():
        frame[column] = _coerce(frame, column, kind, path.name, dataset.date_format)
    return frame[list(dataset.columns)]
