import json

import pytest

from app.model import InstanceError, ModelError, load_model, parse_model

from .conftest import EXAMPLE_MODEL

VALID = {
    "format": "linear-model/v1",
    "name": "price",
    "version": "3",
    "features": ["rooms", "area"],
    "weights": [10, 2.5],
    "bias": 5,
    "link": "identity",
}


def test_the_example_model_loads():
    model = load_model(EXAMPLE_MODEL)
    assert model.name == "example-churn"
    assert model.features == ("tenure_months", "support_tickets")


def test_an_identity_model_predicts_the_linear_score():
    model = parse_model(VALID)
    assert model.predict([{"rooms": 2, "area": 40}, {"rooms": 0, "area": 0, "ignored": 1}]) == [125, 5]


def test_a_logistic_model_never_overflows():
    model = parse_model({**VALID, "link": "logistic"})
    assert model.predict([{"rooms": 1e6, "area": 0}, {"rooms": -1e6, "area": 0}]) == [1.0, 0.0]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"format": "onnx"}, "format: must be 'linear-model/v1', got 'onnx'"),
        ({"name": ""}, "name: must be a non-empty string"),
        ({"features": []}, "features: must be a non-empty list of feature names"),
        ({"features": ["a", "a"]}, "features: names must be unique"),
        ({"weights": [1]}, "weights: must have one weight per feature (2), got 1"),
        ({"weights": [1, "2"]}, "weights: must be a list of finite numbers"),
        ({"bias": True}, "bias: must be a finite number"),
        ({"link": "softmax"}, "link: must be one of identity, logistic, got 'softmax'"),
    ],
)
def test_a_broken_artifact_is_refused_naming_the_field(change, message):
    with pytest.raises(ModelError) as error:
        parse_model({**VALID, **change})
    assert str(error.value) == message


def test_an_artifact_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "model.json"
    path.write_text("{not json")
    with pytest.raises(ModelError, match="the artifact is not JSON"):
        load_model(str(path))


def test_an_instance_without_a_feature_is_refused():
    with pytest.raises(InstanceError, match=r"instances\[0\]: missing feature 'area'"):
        parse_model(VALID).predict([{"rooms": 1}])


def test_the_model_round_trips_through_json(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps(VALID))
    assert load_model(str(path)).predict([{"rooms": 1, "area": 2}]) == [20]
