"""ModelPack against the image: an image function whose configured pack is not in its model folder refuses to start
(in Lambda), with a message naming the pack, the folder and how to build an image with it; /health says it."""

from __future__ import annotations

import pytest

from tests.conftest import MODELS, cold_start


@pytest.mark.parametrize(("folder", "module"), [("api", "api_handler"), ("embedding", "embedding_handler")])
def test_an_image_function_refuses_to_start_without_its_configured_pack(folder, module):
    result = cold_start(folder, module, FACEPASS_MODEL_DIR=str(MODELS), AWS_LAMBDA_FUNCTION_NAME="facepass-Function",
                        FACEPASS_MODEL_PACK="buffalo_l")
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert "ConfigurationError: model pack 'buffalo_l'" in message
    assert f"is not in FACEPASS_MODEL_DIR={MODELS}: missing buffalo_l/" in message
    assert "set MODEL_PACK: buffalo_l in both DockerBuildArgs of template.yaml" in message
    assert "`make models MODEL_PACK=buffalo_l`" in message


def test_an_image_function_starts_with_the_pack_it_holds():
    result = cold_start("api", "api_handler", FACEPASS_MODEL_DIR=str(MODELS),
                        AWS_LAMBDA_FUNCTION_NAME="facepass-Function", FACEPASS_MODEL_PACK="sface")
    assert result.returncode == 0, result.stderr[-2000:]


def test_health_reports_a_missing_pack(services):
    from facepass.services import Services
    from tests.conftest import ApiClient

    import api_handler
    import dependencies

    dependencies.use_services(Services.from_settings(services.settings.model_copy(update={"model_pack": "buffalo_l"}),
                                                     s3=services.s3, db=services.db))
    try:
        response = ApiClient(api_handler.lambda_handler).get("/health", claims=None)
    finally:
        dependencies.use_services(None)
    assert response.status == 503
    assert (response.json()["status"], response.json()["model_pack"], response.json()["models"]) == (
        "models_missing", "buffalo_l", "missing")
