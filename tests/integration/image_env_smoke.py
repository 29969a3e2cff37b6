"""Run by the image's Python (3.12, only requirements.txt installed) from a LAMBDA_TASK_ROOT laid out
as infra/docker/Dockerfile lays it out: import both image handlers, enroll one photo through the
embedding handler (S3 event) and identify another photo of the same person through the API handler
(HTTP API v2 event). Prints one JSON line with what happened."""

from __future__ import annotations

import base64
import json
import os
import sys

TASK_ROOT = os.environ["LAMBDA_TASK_ROOT"]
sys.path.insert(0, TASK_ROOT)  # what the Lambda runtime does for /var/task

from facepass.local.lambda_events import LocalLambdaContext, http_api_event, s3_put_event  # noqa: E402

import api_handler  # noqa: E402 - after the task root is on the path, as in Lambda
import embedding_handler  # noqa: E402

CLAIMS = {"sub": "py312", "scope": "facepass/admin facepass/kiosk"}


def call(method: str, path: str, body=None) -> tuple[int, dict]:
    event = http_api_event(method, path, headers={"content-type": "application/json"},
                           body=None if body is None else json.dumps(body).encode(), authorizer_claims=CLAIMS)
    answer = api_handler.lambda_handler(event, LocalLambdaContext(function_name="ApiFunction"))
    return answer["statusCode"], json.loads(answer["body"])


def main() -> None:
    enroll_photo, probe_photo = sys.argv[1], sys.argv[2]
    status, employee = call("POST", "/employees", {"full_name": "Image Check", "email": "image-check@example.com",
                                                     "biometric_consent": {"reference": "image check"}})
    assert status == 201, employee
    status, ticket = call("POST", f"/employees/{employee['id']}/photos", {"content_type": "image/jpeg"})
    assert status == 201, ticket
    deps = embedding_handler.services()
    with open(enroll_photo, "rb") as photo:
        deps.s3.put_object(Bucket=deps.settings.bucket, Key=ticket["key"], Body=photo.read())
    embedded = embedding_handler.lambda_handler(s3_put_event(deps.settings.bucket, ticket["key"], size=1),
                                                LocalLambdaContext(function_name="EmbeddingFunction"))
    with open(probe_photo, "rb") as photo:
        status, identified = call("POST", "/identify", {"image": base64.b64encode(photo.read()).decode()})
    import cv2
    import numpy
    import onnxruntime

    print(json.dumps({
        "python": sys.version.split()[0], "executable": sys.executable,
        "api_handler": api_handler.__file__, "facepass": sys.modules["facepass"].__file__,
        "numpy": numpy.__version__, "onnxruntime": onnxruntime.__version__, "opencv": cv2.__version__,
        "employee_id": employee["id"], "enrollment": embedded["outcomes"][0],
        "identify_status": status, "identify": identified,
        "recognizer_loaded_from_cache": deps.engine.recognizer.model.loaded_from_cache,
    }))


if __name__ == "__main__":
    main()
