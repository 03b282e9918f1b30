"""The one part of the build that pyproject.toml cannot say: ``data/`` ships inside the wheel.

Everything else is in pyproject.toml. The datasets stay in the top-level ``data/`` folder, where
the course's users find them; a built wheel carries the same files as the package
``cslearn.datasets`` (``cslearn/datasets/`` once installed), where :func:`cslearn.data.data_dir`
looks for them. tests/test_packaging.py builds the package and loads every dataset from it.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["cslearn*"]), "cslearn.datasets"],
    package_dir={"cslearn.datasets": "data"},
    # the course tables (course.toml), each topic's figure labels (labels.toml) and the datasets
    package_data={"": ["*.toml"],
                  "cslearn.datasets": ["*.csv", "*.txt", "*.json", "*.md"]},
)
