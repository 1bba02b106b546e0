"""The model format the service serves: a linear model in one JSON file.

    {
      "format": "linear-model/v1",
      "name": "churn",
      "version": "2024-06-01",
      "features": ["tenure_months", "support_tickets"],
      "weights": [-0.04, 0.3],
      "bias": -1.2,
      "link": "logistic"
    }

A prediction is `bias + sum(weight * feature)`, through the logistic function
when `link` is `logistic` (a probability) or as it is when `identity`. Replace
this module with your framework's loader (ONNX Runtime, PyTorch, ...): the
service only needs `load_model(path)` and `model.predict(instances)`.
"""

import json
import math
from dataclasses import dataclass
from typing import Dict, List, Sequence

FORMAT = "linear-model/v1"
LINKS = ("identity", "logistic")


class ModelError(ValueError):
    """An artifact that is not a model of this format; the message names the field."""


class InstanceError(ValueError):
    """A request instance the model cannot score; the message names the feature."""


def _logistic(value: float) -> float:
    # Split so that exp never overflows for large scores.
    if value >= 0:
        return 1 / (1 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1 + exp)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class LinearModel:
    name: str
    version: str
    features: Sequence[str]
    weights: Sequence[float]
    bias: float
    link: str

    def predict(self, instances: List[Dict[str, float]]) -> List[float]:
        predictions = []
        for index, instance in enumerate(instances):
            score = self.bias
            for feature, weight in zip(self.features, self.weights):
                if feature not in instance:
                    raise InstanceError(f"instances[{index}]: missing feature '{feature}'")
                value = instance[feature]
                if not _number(value):
                    raise InstanceError(f"instances[{index}].{feature}: must be a finite number, got {value!r}")
                score += weight * value
            predictions.append(_logistic(score) if self.link == "logistic" else score)
        return predictions


def parse_model(document) -> LinearModel:
    """Checks a parsed artifact field by field; raises ModelError naming the first fault."""
    if not isinstance(document, dict):
        raise ModelError("the artifact must be a JSON object")
    if document.get("format") != FORMAT:
        raise ModelError(f"format: must be '{FORMAT}', got {document.get('format')!r}")
    for field in ("name", "version"):
        if not isinstance(document.get(field), str) or not document[field]:
            raise ModelError(f"{field}: must be a non-empty string")
    features = document.get("features")
    if not isinstance(features, list) or not features or not all(isinstance(f, str) and f for f in features):
        raise ModelError("features: must be a non-empty list of feature names")
    if len(set(features)) != len(features):
        raise ModelError("features: names must be unique")
    weights = document.get("weights")
    if not isinstance(weights, list) or not all(_number(w) for w in weights):
        raise ModelError("weights: must be a list of finite numbers")
    if len(weights) != len(features):
        raise ModelError(f"weights: must have one weight per feature ({len(features)}), got {len(weights)}")
    bias = document.get("bias", 0)
    if not _number(bias):
        raise ModelError("bias: must be a finite number")
    link = document.get("link", "identity")
    if link not in LINKS:
        raise ModelError(f"link: must be one of {', '.join(LINKS)}, got {link!r}")
    return LinearModel(document["name"], document["version"], tuple(features), tuple(weights), bias, link)


def load_model(path: str) -> LinearModel:
    try:
        with open(path, encoding="utf-8") as file:
            document = json.load(file)
    except json.JSONDecodeError as error:
        raise ModelError(f"the artifact is not JSON: {error}") from error
    return parse_model(document)
